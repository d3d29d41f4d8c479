// Encoding of each operand kind: the assembled word's bits at the documented positions, and
// isa::decode of the word giving back the operands. Also mnemonic case-insensitivity and that
// every table row's mnemonic assembles. Deliberately ignores semantics (the model's job).
#include <catch2/catch.hpp>
#include <string>

#include "asm/assembler.h"
#include "asm/disassembler.h"
#include "asm_test_util.h"
#include "isa/isa.h"

namespace npu::as {
namespace {

using isa::Family;

// Assembles `line` as the first instruction of a small program; returns its word.
uint64_t word_of(const std::string& line, Family family = Family::kDaVinci) {
  std::string src = std::string(".target ") + std::string(family_name(family)) +
                    "\n.kernel t\n.param P0 u32\n.param P1 ptr\n.equ C, 5\nback:\n" + line +
                    "\nfwd: halt\n";
  AsmResult r = assemble_source(src, "enc.s");
  INFO(line);
  for (const std::string& d : r.diagnostics) {
    UNSCOPED_INFO(d);
  }
  REQUIRE(r.ok());
  return r.image->code.at(0);
}

isa::Inst decoded(uint64_t word) { return test::decoded_in(Family::kDaVinci, word); }
using test::bits;

TEST_CASE("asm register operands land in R0 R1 R2 at bits 8 13 18", "[asm][encode]") {
  uint64_t w = word_of("add x1, x2, x31");
  CHECK(bits(w, 0, 8) == static_cast<uint8_t>(isa::Opcode::kAdd));
  CHECK(bits(w, 8, 5) == 1);
  CHECK(bits(w, 13, 5) == 2);
  CHECK(bits(w, 18, 5) == 31);
  CHECK(bits(w, 23, 41) == 0);
  isa::Inst i = decoded(w);
  CHECK(i.opcode() == isa::Opcode::kAdd);
  CHECK(i.r[0] == 1);
  CHECK(i.r[1] == 2);
  CHECK(i.r[2] == 31);
}

TEST_CASE("asm six register operands use R3 R4 R5 too", "[asm][encode]") {
  uint64_t w = word_of("mmad.init.f16 x10, x11, x12, x13, x14, x15");
  isa::Inst i = decoded(w);
  CHECK(i.opcode() == isa::Opcode::kMmadInitF16);
  CHECK(bits(w, 23, 5) == 13);
  CHECK(bits(w, 28, 5) == 14);
  CHECK(bits(w, 33, 5) == 15);
  CHECK(i.r == std::array<uint8_t, 6>{10, 11, 12, 13, 14, 15});
}

TEST_CASE("asm immediates are signed 32-bit in bits 63 to 32", "[asm][encode]") {
  uint64_t w = word_of("addi x1, x2, -(C + 1)");
  CHECK(bits(w, 32, 32) == 0xFFFFFFFAu);
  CHECK(decoded(w).imm == -6);
  CHECK(decoded(word_of("addi x1, x2, 0x7FFF_FFFF")).imm == 0x7FFFFFFF);
  CHECK(decoded(word_of("addi x1, x2, -2147483648")).imm == INT32_MIN);
}

TEST_CASE("asm li takes a signed 48-bit immediate in bits 63 to 16", "[asm][encode]") {
  uint64_t w = word_of("li x3, -2");
  CHECK(bits(w, 8, 5) == 3);
  CHECK(bits(w, 16, 48) == 0xFFFFFFFFFFFEull);
  CHECK(decoded(w).imm == -2);
  CHECK(decoded(word_of("li x3, 0x7FFF_FFFF_FFFF")).imm == 0x7FFFFFFFFFFFll);
  CHECK(decoded(word_of("li x3, -(1 << 47)")).imm == -(int64_t{1} << 47));
}

TEST_CASE("asm branch targets are absolute instruction indices", "[asm][encode]") {
  CHECK(decoded(word_of("bne x1, x2, back")).imm == 0);
  uint64_t w = word_of("beq x4, x5, fwd");  // fwd is the halt at pc 1
  CHECK(bits(w, 32, 32) == 1);
  CHECK(decoded(w).r[0] == 4);
  CHECK(decoded(word_of("jmp fwd")).imm == 1);
}

TEST_CASE("asm parameter operands encode the declaration index", "[asm][encode]") {
  CHECK(decoded(word_of("ldp x3, P0")).imm == 0);
  uint64_t w = word_of("ldp x3, P1");
  CHECK(bits(w, 32, 32) == 1);
  CHECK(bits(w, 8, 5) == 3);
}

TEST_CASE("asm pipes and flag ids fill byte lanes 0 1 2 of IMM", "[asm][encode]") {
  uint64_t w = word_of("set_flag MTE2, mte1, 7");
  CHECK(bits(w, 32, 8) == static_cast<uint8_t>(isa::Pipe::kMte2));
  CHECK(bits(w, 40, 8) == static_cast<uint8_t>(isa::Pipe::kMte1));
  CHECK(bits(w, 48, 8) == 7);
  CHECK(bits(w, 56, 8) == 0);
  isa::Inst i = decoded(w);
  CHECK(i.imm_byte(0) == static_cast<uint8_t>(isa::Pipe::kMte2));
  CHECK(i.imm_byte(2) == 7);
  CHECK(word_of("wait_flag M, FIX, C - 5") == word_of("wait_flag CUBE, fix, 0"));
  CHECK(decoded(word_of("barrier ALL")).imm_byte(0) == static_cast<uint8_t>(isa::Pipe::kAll));
}

TEST_CASE("asm special registers encode their number", "[asm][encode]") {
  CHECK(decoded(word_of("rsr x4, block_idx")).imm == 0);
  CHECK(decoded(word_of("rsr x4, Block_Dim")).imm == 1);
  CHECK(decoded(word_of("rsr x4, core_id")).imm == 2);
  CHECK(decoded(word_of("rsr x4, cycles")).imm == 3);
}

TEST_CASE("asm memory operands put the base in R1 and the offset in IMM", "[asm][encode]") {
  uint64_t w = word_of("ld x5, [x6 + 16]");
  CHECK(bits(w, 8, 5) == 5);
  CHECK(bits(w, 13, 5) == 6);
  CHECK(decoded(w).imm == 16);
  CHECK(decoded(word_of("ld x5, [x6 - 16]")).imm == -16);
  CHECK(decoded(word_of("st x5, [x6]")).imm == 0);
  CHECK(decoded(word_of("st x5, [x6 - 4 + 2]")).imm == -2);
  CHECK(decoded(word_of("ld x5, [x6 + C * 8]")).imm == 40);
}

TEST_CASE("asm mnemonics match the table case-insensitively", "[asm][encode]") {
  CHECK(word_of("MMAD.F16 x1, x2, x3, x4, x5, x6") == word_of("mmad.f16 x1, x2, x3, x4, x5, x6"));
  CHECK(word_of("ADD X1, X2, X3") == word_of("add x1, x2, x3"));
}

// Puts v into an IMM-side field the way the word layout says (lanes are bytes of IMM).
void put_imm(isa::Field f, int64_t v, int64_t& imm) {
  switch (f) {
    case isa::Field::kImmB0:
      imm |= v;
      break;
    case isa::Field::kImmB1:
      imm |= v << 8;
      break;
    case isa::Field::kImmB2:
      imm |= v << 16;
      break;
    default:
      imm = v;
      break;
  }
}

TEST_CASE("asm assembles every table row to the word isa::encode gives", "[asm][encode]") {
  for (Family family : {Family::kDaVinci, Family::kTensorCore}) {
    for (const isa::OpInfo& row : isa::op_table(family)) {
      // Operands from the row: registers x(i+1), immediates 3, label fwd (pc 1), param P1,
      // pipe V, special core_id, memory [x9 + 8].
      std::string line = row.mnemonic;
      std::array<uint8_t, 6> regs{};
      int64_t imm = 0;
      for (int i = 0; i < row.num_operands; ++i) {
        const isa::OperandSpec& op = row.operands[i];
        line += i == 0 ? " " : ", ";
        switch (op.kind) {
          case isa::OperandKind::kReg:
            line += 'x';
            line += std::to_string(i + 1);
            regs[static_cast<int>(op.field)] = static_cast<uint8_t>(i + 1);
            break;
          case isa::OperandKind::kImm:
          case isa::OperandKind::kFlagId:
            line += "3";
            put_imm(op.field, 3, imm);
            break;
          case isa::OperandKind::kTarget:
          case isa::OperandKind::kParam:
            line += op.kind == isa::OperandKind::kTarget ? "fwd" : "P1";
            put_imm(op.field, 1, imm);
            break;
          case isa::OperandKind::kPipe:
            line += "V";
            put_imm(op.field, static_cast<int64_t>(isa::Pipe::kVec), imm);
            break;
          case isa::OperandKind::kSpecial:
            line += "core_id";
            put_imm(op.field, static_cast<int64_t>(isa::SpecialReg::kCoreId), imm);
            break;
          case isa::OperandKind::kMem:
            line += "[x9 + 8]";
            regs[static_cast<int>(op.field)] = 9;
            imm = 8;
            break;
        }
      }
      uint64_t w = word_of(line, family);
      INFO(line);
      CHECK(w == isa::encode(row, regs, imm));
      isa::DecodeResult d = isa::decode(family, w);
      REQUIRE(d.inst);
      CHECK(d.inst->info->opcode == row.opcode);
      for (int i = 0; i < row.num_operands; ++i) {
        if (row.operands[i].kind == isa::OperandKind::kReg) {
          CHECK(d.inst->r[static_cast<int>(row.operands[i].field)] == i + 1);
        }
      }
    }
  }
}

uint64_t field_mask(isa::Field f) {
  switch (f) {
    case isa::Field::kImm:
      return 0xFFFFFFFFull << 32;
    case isa::Field::kImmB0:
      return 0xFFull << 32;
    case isa::Field::kImmB1:
      return 0xFFull << 40;
    case isa::Field::kImmB2:
      return 0xFFull << 48;
    case isa::Field::kImm48:
      return 0xFFFFFFFFFFFFull << 16;
    default:
      return 0x1Full << (8 + 5 * static_cast<int>(f));
  }
}

// R4 (bits 32:28) and R5 (37:33) overlap IMM; the layout only works while no row uses both.
TEST_CASE("asm no table row uses two operand fields that share bits", "[asm][encode]") {
  for (isa::Family family : {isa::Family::kDaVinci, isa::Family::kTensorCore}) {
    for (const isa::OpInfo& row : isa::op_table(family)) {
      uint64_t used = 0xFF;  // opcode
      for (int i = 0; i < row.num_operands; ++i) {
        const isa::OperandSpec& op = row.operands[i];
        uint64_t m = field_mask(op.field);
        if (op.kind == isa::OperandKind::kMem) {
          m |= field_mask(isa::Field::kImm);
        }
        INFO(row.mnemonic << " operand " << op.name);
        CHECK((used & m) == 0);
        used |= m;
      }
    }
  }
}

}  // namespace
}  // namespace npu::as
