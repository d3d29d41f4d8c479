// The firmware image: what the assembler produces, the .fw file holds and the model loads.
//
// An Image is the code words plus everything a fault report or a host needs to talk about them:
// the parameter table (names and types, in parameter-block order), the symbol table (labels),
// the line table (pc -> source position and text) and the source and kernel names.
// The .fw container (DESIGN section 7) is little-endian: a 16-byte header {"NPUEMUFW", u16
// version, u16 family, u32 section_count}, a directory of 24-byte entries {u32 kind, u32 reserved,
// u64 offset, u64 size}, then the sections. Strings are u32 length + bytes. Deliberately ignores
// alignment, compression and checksums: the files are small and produced locally.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "isa/isa.h"

namespace npu::as {

enum class ParamType : uint8_t { kPtr = 0, kU32, kU64, kI32, kI64, kF32, kCount };
std::string_view param_type_name(ParamType t);  // "ptr", "u32", ...
std::optional<ParamType> param_type_from_name(std::string_view name);

struct Param {
  std::string name;
  ParamType type;
  bool operator==(const Param&) const = default;
};
struct Symbol {
  std::string name;
  size_t pc;  // 0..code.size() (a label after the last instruction has pc == code.size())
  bool operator==(const Symbol&) const = default;
};
struct LineEntry {
  size_t pc;
  uint32_t line;     // 1-based
  uint32_t col;      // 1-based column of the mnemonic
  std::string text;  // the source line, trailing blanks removed
  bool operator==(const LineEntry&) const = default;
};

// What one CTA of a tensor-core kernel claims (.smem, .rf, .threads; absent: not declared).
// Ranges the assembler and the image reader accept (the chip's limits are checked at launch).
inline constexpr uint64_t kMaxCtaBytes = 1ull << 32;
inline constexpr uint64_t kMaxCtaThreads = 1ull << 16;
// A thread names at most 255 registers (SASS's 8-bit register numbers, R255 being the zero
// register); the chip may allow fewer (sm.rf.max_per_thread, checked at launch).
inline constexpr uint64_t kMaxCtaRegs = 255;
// .regs (registers per thread) and .rf (bytes) both claim the register file: at most one is given.
struct CtaDeclaration {
  std::optional<uint64_t> smem_bytes, rf_bytes, threads;
  std::optional<uint64_t> regs = {};  // 32-bit registers per thread (.regs)
  bool any() const { return smem_bytes || rf_bytes || threads || regs; }
  bool operator==(const CtaDeclaration&) const = default;
};

struct Image {
  isa::Family family = isa::Family::kDaVinci;
  std::string kernel;
  std::vector<uint64_t> code;
  std::vector<Param> params;
  std::vector<Symbol> symbols;   // in source order
  std::vector<LineEntry> lines;  // sorted by pc, at most one per pc
  std::string source_name;
  CtaDeclaration cta;  // tensor-core kernels only

  const LineEntry* line_for_pc(size_t pc) const;  // nullptr when the pc has no entry
  std::optional<size_t> param_index(std::string_view name) const;
  std::optional<size_t> symbol_pc(std::string_view name) const;
  bool operator==(const Image&) const = default;
};

// Container constants.
inline constexpr char kImageMagic[8] = {'N', 'P', 'U', 'E', 'M', 'U', 'F', 'W'};
inline constexpr uint16_t kImageVersion = 1;
enum class SectionKind : uint32_t {
  kCode = 1,
  kParams,
  kSymbols,
  kLines,
  kSourceName,
  kKernelName,
  kCta,  // optional: {u32 present mask (1 smem, 2 rf, 4 threads, 8 regs), u64 smem, u64 rf,
         //  u64 threads, then u64 regs only when bit 8 is set}
};
std::string_view section_name(SectionKind kind);  // "CODE", ... ("?" for an unknown kind)

// Serialises every section. Does not validate: write only images that check_image accepts.
std::vector<uint8_t> write_image(const Image& image);

// Parses and validates a .fw file. Never crashes, never reads outside bytes, and never allocates
// more than a small multiple of bytes.size(), whatever the input. On failure image is empty and
// error is one sentence starting with "bad firmware image: ".
struct ReadResult {
  std::optional<Image> image;
  std::string error;
};
ReadResult read_image(std::span<const uint8_t> bytes);

// The semantic checks that read_image applies after parsing (empty string when the image is
// sound): the family is known, names are identifiers, parameter names are unique, the code is
// non-empty, every word decodes, branch targets and parameter indices are in range, the last
// instruction cannot fall through, symbols and line entries point into the code.
std::string check_image(const Image& image);

}  // namespace npu::as
