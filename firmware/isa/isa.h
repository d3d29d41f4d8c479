// The instruction-set tables: the one source of truth for encoding, operands and target pipe.
//
// Every instruction is one 64-bit little-endian word. Byte 0 is the opcode; each mnemonic variant
// (e.g. "mmad.init.f16") owns its own opcode, so decoding is one table lookup. Register operands
// live in 5-bit fields R0..R5; immediates (integers, branch targets, parameter indices, pipe names,
// flag ids, special registers) live in IMM (bits 63:32, signed 32-bit), its byte lanes IMM_B0..B2,
// or IMM48 (bits 63:16, signed 48-bit, `li` only). Bits not used by a row's operands must be zero:
// anything else is a malformed encoding.
//
// The scalar subset (opcodes 0x00..0x3F) is shared by every chip family; each family adds its
// engine instructions in 0x40..0xFF. Engine opcodes are per family (an image names its family),
// so the DaVinci and tensor-core tables may reuse the same numbers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace npu::isa {

enum class Family : uint16_t { kDaVinci = 1, kTensorCore = 2 };

// Pipes (engine queues). kS is the scalar front end itself.
enum class Pipe : uint8_t { kS = 0, kMte1, kMte2, kMte3, kCube, kVec, kFix, kAll, kCount };
inline constexpr int kNumPipes = static_cast<int>(Pipe::kAll);  // real pipes (S..FIX)

std::string_view pipe_name(Pipe p);  // "S", "MTE1", ... (the assembler's spelling)
// The tensor-core family reuses four pipe slots under its own names: TMA (kMte2), TENSOR (kCube),
// SIMT (kVec) and LSU (kMte3); every other family uses pipe_name.
std::string_view pipe_name(Family f, Pipe p);
std::optional<Pipe> pipe_from_name(std::string_view name);  // case-insensitive

// Special registers readable with `rsr`.
// sub_block_idx/dim: which AIV of its core a split core's AIV is (0..aivs-1 of aivs); 0 of 1 on
// an AIC or a coupled core. cluster_rank/dim: which CTA of its thread-block cluster this is
// (tensor-core launches with a cluster size; 0 of 1 everywhere else).
enum class SpecialReg : uint8_t {
  kBlockIdx = 0, kBlockDim, kCoreId, kCycles, kSubBlockIdx, kSubBlockDim, kClusterRank,
  kClusterDim, kCount
};
std::string_view special_reg_name(SpecialReg r);
std::optional<SpecialReg> special_reg_from_name(std::string_view name);

enum class Dtype : uint8_t { kNone = 0, kF16, kBF16, kF32, kS8, kS32 };
std::string_view dtype_name(Dtype d);
int dtype_bytes(Dtype d);

// What kind of operand the assembler expects in a slot, and where it lands in the word.
enum class OperandKind : uint8_t {
  kReg,       // x0..x31
  kImm,       // integer expression
  kTarget,    // code label (absolute instruction index)
  kParam,     // name declared with .param (its index in the parameter block)
  kPipe,      // pipe name
  kFlagId,    // 0..7
  kSpecial,   // special register name
  kMem,       // [xN + expr]  -> register in its field, offset in IMM
};
enum class Field : uint8_t { kR0, kR1, kR2, kR3, kR4, kR5, kImm, kImmB0, kImmB1, kImmB2, kImm48 };

struct OperandSpec {
  OperandKind kind;
  Field field;
  const char* name;  // for ISA.md and diagnostics ("dst", "src", "m", ...)
};

enum class Opcode : uint8_t {
  // ---- shared scalar subset ----
  kNop = 0x00, kHalt = 0x01, kLi = 0x02, kMov = 0x03,
  kAdd = 0x04, kSub, kMul, kDivu, kRemu, kAnd, kOr, kXor, kShl, kShr, kSra, kMin, kMax, kMinu, kMaxu,
  kSlt = 0x13, kSltu,
  kAddi = 0x18, kMuli, kAndi, kShli, kShri, kSrai,
  kBeq = 0x20, kBne, kBlt, kBge, kBltu, kBgeu, kJmp,
  kLdp = 0x28, kRsr, kLd, kSt,
  kSetFlag = 0x30, kWaitFlag, kBarrier,
  // ---- DaVinci engines ----
  kNd2nzF16 = 0x40, kNd2nzBF16, kNd2nzS8,
  kGm2Ub = 0x44,
  kUb2Gm = 0x48,
  kCcSetFlag = 0x49, kCcWaitFlag = 0x4A,  // cross-core (FFTS) flags, split cores
  kLoadBt = 0x4B, kLoadFb, kMmadBiasF16, kMmadBiasS8, kFixS8Fb,  // AIC bias table / fixpipe buffer
  kLoadL0aF16 = 0x50, kLoadL0aTF16, kLoadL0bF16, kLoadL0bTF16,
  kLoadL0aS8 = 0x54, kLoadL0aTS8, kLoadL0bS8, kLoadL0bTS8,
  kMmadF16 = 0x58, kMmadInitF16,
  kMmadS8 = 0x5A, kMmadInitS8,
  kLoad3dF16 = 0x5C,
  kFixF16 = 0x60, kFixF32,
  kFixS32 = 0x62, kFixS8, kFixBF16,
  // vector unit (firmware/ISA.md "Vector unit"): 0x68..0x7F and 0x90..0xBF
  kVaddF16 = 0x68, kVsubF16, kVmulF16, kVdivF16, kVmaxF16, kVminF16,
  kVaddF32 = 0x6E, kVsubF32, kVmulF32, kVdivF32, kVmaxF32, kVminF32,
  kVreluF16 = 0x74, kVexpF16, kVlnF16, kVsqrtF16, kVrecF16,
  kVreluF32 = 0x79, kVexpF32, kVlnF32, kVsqrtF32, kVrecF32,
  kSetVmask = 0x7E,
  kVaddsF16 = 0x90, kVmulsF16, kVmaxsF16, kVminsF16,
  kVaddsF32 = 0x94, kVmulsF32, kVmaxsF32, kVminsF32,
  kVconvF16F32 = 0x98, kVconvF32F16,
  kVcaddF16 = 0x9A, kVcaddF32, kVcmaxF16, kVcmaxF32,
  kVbrcbF16 = 0xA0, kVbrcbF32, kVdupF16, kVdupF32,
  // ---- tensor-core family (tensorcore_table.cpp); numbers kept apart from DaVinci's ----
  kMbarInit = 0xC0, kMbarArrive, kMbarArriveTx, kMbarWait, kWgmmaCommit, kWgmmaWait,
  kMbarArriveCluster = 0xC6, kClusterSync = 0xC7,  // thread-block clusters
  kTmaLoad = 0xC8, kTmaStore,
  kTmaLoadMc = 0xCA,  // TMA multicast to the CTAs of a cluster
  kWgmmaF16 = 0xD0, kWgmmaInitF16, kWgmmaS8, kWgmmaInitS8,
  kEpiF16 = 0xD8, kEpiF32, kEpiS32,
  kEpiScale = 0xDB, kEpiAbF16, kEpiAbF32, kEpiAbS8,           // scaled epilogue (alpha, beta)
  kLdGlobal = 0xE0, kStGlobal, kLdShared, kStShared,          // LSU: per-lane loads / stores
};

struct OpInfo {
  Opcode opcode;
  const char* mnemonic;  // full spelling including suffixes, e.g. "load_l0a.t.f16"
  Pipe pipe;             // kS: executed by the scalar front end
  Dtype dtype;           // element type the engine works on (kNone for scalar)
  bool transpose;        // MTE1 .t variants
  bool init;             // mmad.init: start accumulation from +0.0 instead of L0C
  std::array<OperandSpec, 6> operands;
  uint8_t num_operands;
  const char* summary;   // one line for ISA.md / disasm comments
};

// The table of one family: the scalar subset followed by the family's engine instructions.
std::span<const OpInfo> op_table(Family family);
const OpInfo* find_op(Family family, Opcode opcode);
const OpInfo* find_op(Family family, std::string_view mnemonic);

// A decoded instruction: register numbers and the immediate, in field order.
struct Inst {
  const OpInfo* info = nullptr;
  std::array<uint8_t, 6> r{};
  int64_t imm = 0;  // IMM (sign-extended) or IMM48

  Opcode opcode() const { return info->opcode; }
  uint8_t imm_byte(int lane) const { return static_cast<uint8_t>((imm >> (8 * lane)) & 0xFF); }
};

inline constexpr int kNumRegs = 32;
inline constexpr int kNumFlagIds = 8;
inline constexpr int kNumCrossFlagIds = 11;      // cross-core flag ids 0..10 (A2/A3)
inline constexpr int kCrossFlagMaxPending = 15;  // a cross-core flag counter saturates at 15

// Encode from field values (registers must be < 32; imm must fit its field).
uint64_t encode(const OpInfo& info, const std::array<uint8_t, 6>& regs, int64_t imm);

// Decode; returns an error text for an unknown opcode or a malformed word (nonzero unused bits,
// register field >= 32 cannot happen with 5 bits, pipe/flag lanes out of range).
struct DecodeResult {
  std::optional<Inst> inst;
  std::string error;
};
DecodeResult decode(Family family, uint64_t word);

// Whether a pipe operand of this opcode may name p: ALL only for barrier (a flag joins two real
// pipes). The assembler and decode() both apply it.
inline bool pipe_operand_ok(Opcode op, Pipe p) {
  return p < Pipe::kAll || (p == Pipe::kAll && op == Opcode::kBarrier);
}

}  // namespace npu::isa
