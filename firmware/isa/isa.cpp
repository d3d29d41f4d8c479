// The shared scalar subset, table lookup, encoding and decoding (see isa.h for the word layout).
#include "isa/isa.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "isa/scalar_rows.h"

namespace npu::isa {
namespace {

using K = OperandKind;
using F = Field;

constexpr OperandSpec Rg(Field f, const char* n) { return {K::kReg, f, n}; }

constexpr OpInfo S(Opcode op, const char* mn, std::array<OperandSpec, 6> ops, uint8_t n,
                   const char* summary) {
  return {op, mn, Pipe::kS, Dtype::kNone, false, false, ops, n, summary};
}

#define NPU_ALU_R(op, mn, what) \
  S(op, mn, {Rg(F::kR0, "rd"), Rg(F::kR1, "rs1"), Rg(F::kR2, "rs2")}, 3, what)
#define NPU_ALU_I(op, mn, what) \
  S(op, mn, {Rg(F::kR0, "rd"), Rg(F::kR1, "rs1"), OperandSpec{K::kImm, F::kImm, "imm"}}, 3, what)
#define NPU_BR(op, mn, what)                                        \
  S(op, mn,                                                         \
    {Rg(F::kR0, "rs1"), Rg(F::kR1, "rs2"), OperandSpec{K::kTarget, F::kImm, "target"}}, 3, what)

constexpr OpInfo kScalarRows[] = {
    S(Opcode::kNop, "nop", {}, 0, "no operation"),
    S(Opcode::kHalt, "halt", {}, 0, "wait for every pipe to drain, then end the block"),
    S(Opcode::kLi, "li", {Rg(F::kR0, "rd"), OperandSpec{K::kImm, F::kImm48, "imm48"}}, 2,
      "rd = sign-extended 48-bit immediate"),
    S(Opcode::kMov, "mov", {Rg(F::kR0, "rd"), Rg(F::kR1, "rs")}, 2, "rd = rs"),
    NPU_ALU_R(Opcode::kAdd, "add", "rd = rs1 + rs2"),
    NPU_ALU_R(Opcode::kSub, "sub", "rd = rs1 - rs2"),
    NPU_ALU_R(Opcode::kMul, "mul", "rd = rs1 * rs2 (low 64 bits)"),
    NPU_ALU_R(Opcode::kDivu, "divu", "rd = rs1 / rs2 unsigned; division by zero faults"),
    NPU_ALU_R(Opcode::kRemu, "remu", "rd = rs1 % rs2 unsigned; division by zero faults"),
    NPU_ALU_R(Opcode::kAnd, "and", "rd = rs1 & rs2"),
    NPU_ALU_R(Opcode::kOr, "or", "rd = rs1 | rs2"),
    NPU_ALU_R(Opcode::kXor, "xor", "rd = rs1 ^ rs2"),
    NPU_ALU_R(Opcode::kShl, "shl", "rd = rs1 << (rs2 & 63)"),
    NPU_ALU_R(Opcode::kShr, "shr", "rd = rs1 >> (rs2 & 63), logical"),
    NPU_ALU_R(Opcode::kSra, "sra", "rd = rs1 >> (rs2 & 63), arithmetic"),
    NPU_ALU_R(Opcode::kMin, "min", "rd = min(rs1, rs2) signed"),
    NPU_ALU_R(Opcode::kMax, "max", "rd = max(rs1, rs2) signed"),
    NPU_ALU_R(Opcode::kMinu, "minu", "rd = min(rs1, rs2) unsigned"),
    NPU_ALU_R(Opcode::kMaxu, "maxu", "rd = max(rs1, rs2) unsigned"),
    NPU_ALU_R(Opcode::kSlt, "slt", "rd = rs1 < rs2 signed ? 1 : 0"),
    NPU_ALU_R(Opcode::kSltu, "sltu", "rd = rs1 < rs2 unsigned ? 1 : 0"),
    NPU_ALU_I(Opcode::kAddi, "addi", "rd = rs1 + imm"),
    NPU_ALU_I(Opcode::kMuli, "muli", "rd = rs1 * imm"),
    NPU_ALU_I(Opcode::kAndi, "andi", "rd = rs1 & imm"),
    NPU_ALU_I(Opcode::kShli, "shli", "rd = rs1 << (imm & 63)"),
    NPU_ALU_I(Opcode::kShri, "shri", "rd = rs1 >> (imm & 63), logical"),
    NPU_ALU_I(Opcode::kSrai, "srai", "rd = rs1 >> (imm & 63), arithmetic"),
    NPU_BR(Opcode::kBeq, "beq", "branch if rs1 == rs2"),
    NPU_BR(Opcode::kBne, "bne", "branch if rs1 != rs2"),
    NPU_BR(Opcode::kBlt, "blt", "branch if rs1 < rs2 signed"),
    NPU_BR(Opcode::kBge, "bge", "branch if rs1 >= rs2 signed"),
    NPU_BR(Opcode::kBltu, "bltu", "branch if rs1 < rs2 unsigned"),
    NPU_BR(Opcode::kBgeu, "bgeu", "branch if rs1 >= rs2 unsigned"),
    S(Opcode::kJmp, "jmp", {OperandSpec{K::kTarget, F::kImm, "target"}}, 1, "jump to target"),
    S(Opcode::kLdp, "ldp", {Rg(F::kR0, "rd"), OperandSpec{K::kParam, F::kImm, "param"}}, 2,
      "rd = kernel parameter (by name)"),
    S(Opcode::kRsr, "rsr", {Rg(F::kR0, "rd"), OperandSpec{K::kSpecial, F::kImm, "sreg"}}, 2,
      "rd = special register (block_idx, block_dim, core_id, cycles, sub_block_idx, "
      "sub_block_dim, cluster_rank, cluster_dim)"),
    S(Opcode::kLd, "ld", {Rg(F::kR0, "rd"), OperandSpec{K::kMem, F::kR1, "[rs + off]"}}, 2,
      "rd = 64-bit word of scalar data memory at rs + off (8-byte aligned)"),
    S(Opcode::kSt, "st", {Rg(F::kR0, "rs"), OperandSpec{K::kMem, F::kR1, "[rb + off]"}}, 2,
      "64-bit word of scalar data memory at rb + off = rs (8-byte aligned)"),
    S(Opcode::kSetFlag, "set_flag",
      {OperandSpec{K::kPipe, F::kImmB0, "src_pipe"}, OperandSpec{K::kPipe, F::kImmB1, "dst_pipe"},
       OperandSpec{K::kFlagId, F::kImmB2, "id"}},
      3, "in src_pipe order: increment flag (src_pipe, dst_pipe, id)"),
    S(Opcode::kWaitFlag, "wait_flag",
      {OperandSpec{K::kPipe, F::kImmB0, "src_pipe"}, OperandSpec{K::kPipe, F::kImmB1, "dst_pipe"},
       OperandSpec{K::kFlagId, F::kImmB2, "id"}},
      3, "in dst_pipe order: wait until flag (src_pipe, dst_pipe, id) > 0, then decrement"),
    S(Opcode::kBarrier, "barrier", {OperandSpec{K::kPipe, F::kImmB0, "pipe"}}, 1,
      "scalar waits until pipe (or all) has finished everything dispatched to it"),
};

#undef NPU_ALU_R
#undef NPU_ALU_I
#undef NPU_BR

struct Table {
  std::vector<OpInfo> rows;
  std::array<const OpInfo*, 256> by_opcode{};
};

Table make_table(std::span<const OpInfo> engine_rows) {
  Table t;
  t.rows.assign(kScalarRows, kScalarRows + std::size(kScalarRows));
  t.rows.insert(t.rows.end(), engine_rows.begin(), engine_rows.end());
  for (const OpInfo& row : t.rows) {
    t.by_opcode[static_cast<uint8_t>(row.opcode)] = &row;
  }
  return t;
}

const Table& table(Family family) {
  static const Table davinci = make_table(davinci_engine_rows());
  static const Table tensorcore = make_table(tensorcore_engine_rows());
  return family == Family::kDaVinci ? davinci : tensorcore;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

constexpr std::string_view kPipeNames[] = {"S", "MTE1", "MTE2", "MTE3", "M", "V", "FIX", "ALL"};
constexpr std::string_view kSpecialNames[] = {
    "block_idx",     "block_dim",     "core_id",      "cycles",
    "sub_block_idx", "sub_block_dim", "cluster_rank", "cluster_dim"};
static_assert(std::size(kSpecialNames) == static_cast<size_t>(SpecialReg::kCount));

int shift_of(Field f) {
  switch (f) {
    case F::kR0: return 8;
    case F::kR1: return 13;
    case F::kR2: return 18;
    case F::kR3: return 23;
    case F::kR4: return 28;
    case F::kR5: return 33;
    default: return -1;
  }
}

// Which bits of the word a row may use: opcode byte plus its operands' fields.
uint64_t used_mask(const OpInfo& info) {
  uint64_t mask = 0xFF;
  for (int i = 0; i < info.num_operands; ++i) {
    const OperandSpec& op = info.operands[i];
    switch (op.field) {
      case F::kImm: mask |= 0xFFFFFFFFull << 32; break;
      case F::kImmB0: mask |= 0xFFull << 32; break;
      case F::kImmB1: mask |= 0xFFull << 40; break;
      case F::kImmB2: mask |= 0xFFull << 48; break;
      case F::kImm48: mask |= 0xFFFFFFFFFFFFull << 16; break;
      default: mask |= 0x1Full << shift_of(op.field); break;
    }
    if (op.kind == K::kMem) {
      mask |= 0xFFFFFFFFull << 32;  // kMem: base register in its field + offset in IMM
    }
  }
  return mask;
}

}  // namespace

std::span<const OpInfo> scalar_rows() { return kScalarRows; }

std::string_view pipe_name(Pipe p) {
  auto i = static_cast<size_t>(p);
  return i < std::size(kPipeNames) ? kPipeNames[i] : "?";
}

std::string_view pipe_name(Family f, Pipe p) {
  if (f == Family::kTensorCore) {
    switch (p) {
      case Pipe::kMte2: return "TMA";
      case Pipe::kCube: return "TENSOR";
      case Pipe::kVec: return "SIMT";
      case Pipe::kMte3: return "LSU";
      default: break;
    }
  }
  return pipe_name(p);
}

std::optional<Pipe> pipe_from_name(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Pipe::kAll); ++i) {
    if (iequals(name, kPipeNames[i])) {
      return static_cast<Pipe>(i);
    }
  }
  if (iequals(name, "CUBE")) return Pipe::kCube;
  if (iequals(name, "VEC")) return Pipe::kVec;
  return std::nullopt;
}

std::string_view special_reg_name(SpecialReg r) { return kSpecialNames[static_cast<int>(r)]; }

std::optional<SpecialReg> special_reg_from_name(std::string_view name) {
  for (int i = 0; i < static_cast<int>(SpecialReg::kCount); ++i) {
    if (iequals(name, kSpecialNames[i])) {
      return static_cast<SpecialReg>(i);
    }
  }
  return std::nullopt;
}

std::string_view dtype_name(Dtype d) {
  switch (d) {
    case Dtype::kF16: return "fp16";
    case Dtype::kBF16: return "bf16";
    case Dtype::kF32: return "fp32";
    case Dtype::kS8: return "int8";
    case Dtype::kS32: return "int32";
    default: return "none";
  }
}

int dtype_bytes(Dtype d) {
  switch (d) {
    case Dtype::kF16:
    case Dtype::kBF16: return 2;
    case Dtype::kF32:
    case Dtype::kS32: return 4;
    case Dtype::kS8: return 1;
    default: return 1;
  }
}

std::span<const OpInfo> op_table(Family family) { return table(family).rows; }

const OpInfo* find_op(Family family, Opcode opcode) {
  return table(family).by_opcode[static_cast<uint8_t>(opcode)];
}

const OpInfo* find_op(Family family, std::string_view mnemonic) {
  for (const OpInfo& row : table(family).rows) {
    if (iequals(mnemonic, row.mnemonic)) {
      return &row;
    }
  }
  return nullptr;
}

uint64_t encode(const OpInfo& info, const std::array<uint8_t, 6>& regs, int64_t imm) {
  uint64_t w = static_cast<uint8_t>(info.opcode);
  bool has_imm48 = false, has_imm = false;
  for (int i = 0; i < info.num_operands; ++i) {
    const OperandSpec& op = info.operands[i];
    int sh = shift_of(op.field);
    if (sh >= 0) {
      w |= static_cast<uint64_t>(regs[static_cast<int>(op.field)] & 0x1F) << sh;
    }
    if (op.field == F::kImm48) has_imm48 = true;
    if (op.field == F::kImm || op.field == F::kImmB0 || op.field == F::kImmB1 ||
        op.field == F::kImmB2 || op.kind == K::kMem) {
      has_imm = true;
    }
  }
  if (has_imm48) {
    w |= (static_cast<uint64_t>(imm) & 0xFFFFFFFFFFFFull) << 16;
  } else if (has_imm) {
    w |= (static_cast<uint64_t>(imm) & 0xFFFFFFFFull) << 32;
  }
  return w;
}

DecodeResult decode(Family family, uint64_t word) {
  const OpInfo* info = table(family).by_opcode[word & 0xFF];
  if (info == nullptr) {
    return {std::nullopt, fmt::format("unknown opcode 0x{:02x}", word & 0xFF)};
  }
  if ((word & ~used_mask(*info)) != 0) {
    return {std::nullopt, fmt::format("malformed encoding of '{}': reserved bits set (0x{:016x})",
                                      info->mnemonic, word)};
  }
  Inst inst;
  inst.info = info;
  bool has_imm48 = false;
  for (int i = 0; i < info->num_operands; ++i) {
    if (info->operands[i].field == F::kImm48) has_imm48 = true;
  }
  for (int f = 0; f < 6; ++f) {
    inst.r[f] = static_cast<uint8_t>((word >> (8 + 5 * f)) & 0x1F);
  }
  if (has_imm48) {
    inst.imm = static_cast<int64_t>(word) >> 16;  // arithmetic shift sign-extends bit 63
  } else {
    inst.imm = static_cast<int64_t>(static_cast<int32_t>(word >> 32));
  }
  for (int i = 0; i < info->num_operands; ++i) {
    const OperandSpec& op = info->operands[i];
    if (op.kind == K::kPipe || op.kind == K::kFlagId) {
      int lane = op.field == F::kImmB0 ? 0 : op.field == F::kImmB1 ? 1 : 2;
      uint8_t v = inst.imm_byte(lane);
      if (op.kind == K::kPipe && !pipe_operand_ok(info->opcode, static_cast<Pipe>(v))) {
        return {std::nullopt, fmt::format("malformed '{}': pipe number {} out of range",
                                          info->mnemonic, v)};
      }
      if (op.kind == K::kFlagId && v >= kNumFlagIds) {
        return {std::nullopt, fmt::format("malformed '{}': flag id {} out of range (0..{})",
                                          info->mnemonic, v, kNumFlagIds - 1)};
      }
    }
    if (op.kind == K::kSpecial && (inst.imm < 0 || inst.imm >= static_cast<int>(SpecialReg::kCount))) {
      return {std::nullopt, fmt::format("malformed 'rsr': special register {} out of range",
                                        inst.imm)};
    }
  }
  return {inst, {}};
}

}  // namespace npu::isa
