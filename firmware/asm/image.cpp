// Image helpers, the .fw writer and the semantic checks shared with the reader (see image.h).
// The writer lays sections out back to back in a fixed order; it deliberately does not validate
// (callers write assembler output, which check_image accepts by construction).
#include "asm/image.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

#include "asm/fields.h"
#include "asm/lexer.h"

namespace npu::as {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(ParamType::kCount)> kTypeNames = {
    "ptr", "u32", "u64", "i32", "i64", "f32"};

class Writer {
 public:
  void u8(uint8_t v) { m_bytes.push_back(v); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    // byte by byte: vector::insert here trips a GCC 12 -Wstringop-overflow false positive
    for (char c : s) m_bytes.push_back(static_cast<uint8_t>(c));
  }
  std::vector<uint8_t>& bytes() { return m_bytes; }

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) {
      m_bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
  }
  // STATE
  std::vector<uint8_t> m_bytes;
};

std::vector<uint8_t> section_bytes(const Image& image, SectionKind kind) {
  Writer w;
  switch (kind) {
    case SectionKind::kCode:
      for (uint64_t word : image.code) {
        w.u64(word);
      }
      break;
    case SectionKind::kParams:
      w.u32(static_cast<uint32_t>(image.params.size()));
      for (const Param& p : image.params) {
        w.str(p.name);
        w.u32(static_cast<uint32_t>(p.type));
      }
      break;
    case SectionKind::kSymbols:
      w.u32(static_cast<uint32_t>(image.symbols.size()));
      for (const Symbol& s : image.symbols) {
        w.str(s.name);
        w.u64(s.pc);
      }
      break;
    case SectionKind::kLines:
      w.u32(static_cast<uint32_t>(image.lines.size()));
      for (const LineEntry& l : image.lines) {
        w.u64(l.pc);
        w.u32(l.line);
        w.u32(l.col);
        w.str(l.text);
      }
      break;
    case SectionKind::kSourceName:
      w.str(image.source_name);
      break;
    case SectionKind::kKernelName:
      w.str(image.kernel);
      break;
    case SectionKind::kCta: {
      const CtaDeclaration& c = image.cta;
      w.u32((c.smem_bytes ? 1u : 0u) | (c.rf_bytes ? 2u : 0u) | (c.threads ? 4u : 0u) |
            (c.regs ? 8u : 0u));
      w.u64(c.smem_bytes.value_or(0));
      w.u64(c.rf_bytes.value_or(0));
      w.u64(c.threads.value_or(0));
      if (c.regs) w.u64(*c.regs);  // images without .regs keep the older layout
      break;
    }
  }
  return std::move(w.bytes());
}

}  // namespace

std::string_view param_type_name(ParamType t) { return kTypeNames.at(static_cast<size_t>(t)); }

std::optional<ParamType> param_type_from_name(std::string_view name) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) {
      return static_cast<ParamType>(i);
    }
  }
  return std::nullopt;
}

std::string_view section_name(SectionKind kind) {
  switch (kind) {
    case SectionKind::kCode:
      return "CODE";
    case SectionKind::kParams:
      return "PARAMS";
    case SectionKind::kSymbols:
      return "SYMBOLS";
    case SectionKind::kLines:
      return "LINES";
    case SectionKind::kSourceName:
      return "SOURCE_NAME";
    case SectionKind::kKernelName:
      return "KERNEL_NAME";
    case SectionKind::kCta:
      return "CTA";
  }
  return "?";
}

const LineEntry* Image::line_for_pc(size_t pc) const {
  auto it = std::lower_bound(lines.begin(), lines.end(), pc,
                             [](const LineEntry& l, size_t p) { return l.pc < p; });
  return it != lines.end() && it->pc == pc ? &*it : nullptr;
}

std::optional<size_t> Image::param_index(std::string_view name) const {
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<size_t> Image::symbol_pc(std::string_view name) const {
  for (const Symbol& s : symbols) {
    if (s.name == name) {
      return s.pc;
    }
  }
  return std::nullopt;
}

std::vector<uint8_t> write_image(const Image& image) {
  constexpr SectionKind kOrder[] = {SectionKind::kCode,       SectionKind::kParams,
                                    SectionKind::kSymbols,    SectionKind::kLines,
                                    SectionKind::kSourceName, SectionKind::kKernelName,
                                    SectionKind::kCta};
  // CTA is optional and last: images without declarations stay as they were
  const auto count = static_cast<uint32_t>(std::size(kOrder) - (image.cta.any() ? 0 : 1));
  Writer w;
  w.bytes().insert(w.bytes().end(), std::begin(kImageMagic), std::end(kImageMagic));
  w.u16(kImageVersion);
  w.u16(static_cast<uint16_t>(image.family));
  w.u32(count);
  std::vector<std::vector<uint8_t>> bodies;
  uint64_t offset = 16 + 24 * uint64_t{count};
  for (SectionKind kind : std::span(kOrder, count)) {
    bodies.push_back(section_bytes(image, kind));
    w.u32(static_cast<uint32_t>(kind));
    w.u32(0);
    w.u64(offset);
    w.u64(bodies.back().size());
    offset += bodies.back().size();
  }
  for (const auto& body : bodies) {
    w.bytes().insert(w.bytes().end(), body.begin(), body.end());
  }
  return std::move(w.bytes());
}

std::string check_image(const Image& image) {
  if (image.family != isa::Family::kDaVinci && image.family != isa::Family::kTensorCore) {
    return fmt::format("unknown chip family {}", static_cast<unsigned>(image.family));
  }
  if (!is_valid_name(image.kernel)) {
    return fmt::format("kernel name '{}' is not an identifier", quote(image.kernel));
  }
  std::set<std::string_view> names;
  for (const Param& p : image.params) {
    if (!is_valid_name(p.name)) {
      return fmt::format("parameter name '{}' is not an identifier", quote(p.name));
    }
    if (static_cast<unsigned>(p.type) >= static_cast<unsigned>(ParamType::kCount)) {
      return fmt::format("parameter '{}' has unknown type {}", p.name,
                         static_cast<unsigned>(p.type));
    }
    if (!names.insert(p.name).second) {
      return fmt::format("duplicate parameter '{}'", p.name);
    }
  }
  if (image.cta.any() && image.family != isa::Family::kTensorCore) {
    return "CTA resource declarations in a kernel that is not for the tensor-core family";
  }
  if (image.cta.smem_bytes.value_or(0) > kMaxCtaBytes ||
      image.cta.rf_bytes.value_or(0) > kMaxCtaBytes || image.cta.threads.value_or(1) == 0 ||
      image.cta.threads.value_or(1) > kMaxCtaThreads || image.cta.regs.value_or(1) == 0 ||
      image.cta.regs.value_or(1) > kMaxCtaRegs) {
    return "a CTA resource declaration is out of range";
  }
  if (image.cta.regs && image.cta.rf_bytes) {
    return "a CTA declares both registers per thread and register-file bytes";
  }
  if (image.code.empty()) {
    return "the code is empty";
  }
  const size_t n = image.code.size();
  for (size_t pc = 0; pc < n; ++pc) {
    isa::DecodeResult d = isa::decode(image.family, image.code[pc]);
    if (!d.inst) {
      return fmt::format("pc {}: {}", pc, d.error);
    }
    const isa::OpInfo& info = *d.inst->info;
    for (int i = 0; i < info.num_operands; ++i) {
      const isa::OperandSpec& op = info.operands[i];
      int64_t v = field_value(*d.inst, op.field);
      if (op.kind == isa::OperandKind::kTarget && (v < 0 || static_cast<uint64_t>(v) >= n)) {
        return fmt::format("pc {}: branch target {} outside the code (0..{})", pc, v, n - 1);
      }
      if (op.kind == isa::OperandKind::kParam &&
          (v < 0 || static_cast<uint64_t>(v) >= image.params.size())) {
        return fmt::format("pc {}: parameter index {} out of range ({} parameters)", pc, v,
                           image.params.size());
      }
    }
    if (pc + 1 == n && !ends_flow(info.opcode)) {
      return fmt::format("pc {}: the last instruction '{}' can fall through the end of the code",
                         pc, info.mnemonic);
    }
  }
  names.clear();
  for (const Symbol& s : image.symbols) {
    if (!is_valid_name(s.name)) {
      return fmt::format("symbol name '{}' is not an identifier", quote(s.name));
    }
    if (!names.insert(s.name).second) {
      return fmt::format("duplicate symbol '{}'", s.name);
    }
    if (s.pc > n) {
      return fmt::format("symbol '{}' at pc {} is past the end of the code ({} words)", s.name,
                         s.pc, n);
    }
  }
  for (size_t i = 0; i < image.lines.size(); ++i) {
    const LineEntry& l = image.lines[i];
    if (l.pc >= n) {
      return fmt::format("line entry {} has pc {} outside the code ({} words)", i, l.pc, n);
    }
    if (i > 0 && l.pc <= image.lines[i - 1].pc) {
      return fmt::format("line entry {} (pc {}) is not in increasing pc order", i, l.pc);
    }
    if (l.line == 0 || l.col == 0) {
      return fmt::format("line entry {} has line/column 0", i);
    }
  }
  return {};
}

}  // namespace npu::as
