// The tensor-core scaled-epilogue and LSU mnemonics: opcodes 0xDB..0xDE and 0xE0..0xE3, register
// fields in operand order, the pipes they run on, and the assembler's diagnostics for misuse.
#include <catch2/catch.hpp>

#include "asm/assembler.h"
#include "asm/diagnostics.h"
#include "isa/isa.h"

namespace {

using npu::as::AsmResult;
using npu::as::assemble_source;
using npu::as::DiagId;
using npu::isa::Family;
using npu::isa::Pipe;

AsmResult assemble(const std::string& body, const char* target = "tensorcore") {
  return assemble_source(std::string(".target ") + target + "\n.kernel k\n" + body + "    halt\n",
                         "t.s");
}

bool has(const AsmResult& r, DiagId id) {
  for (const auto& d : r.details) {
    if (d.id == id) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("scaled-epilogue and LSU mnemonics encode their opcode and registers",
          "[asm][tensorcore][lsu]") {
  struct Row {
    const char* text;
    uint8_t opcode;
    Pipe pipe;
    int regs;
  };
  const Row rows[] = {
      {"epi.scale x3", 0xDB, Pipe::kS, 1},
      {"epi.ab.f16 x1, x2, x3, x4, x5, x6", 0xDC, Pipe::kVec, 6},
      {"epi.ab.f32 x1, x2, x3, x4, x5, x6", 0xDD, Pipe::kVec, 6},
      {"epi.ab.s8 x1, x2, x3, x4, x5, x6", 0xDE, Pipe::kVec, 6},
      {"ld.global x1, x2, x3, x4, x5", 0xE0, Pipe::kMte3, 5},
      {"st.global x1, x2, x3, x4, x5", 0xE1, Pipe::kMte3, 5},
      {"ld.shared x1, x2, x3, x4, x5", 0xE2, Pipe::kMte3, 5},
      {"st.shared x1, x2, x3, x4, x5", 0xE3, Pipe::kMte3, 5},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    AsmResult r = assemble(std::string("    ") + row.text + "\n");
    REQUIRE(r.image);
    const uint64_t word = r.image->code.at(0);
    CHECK((word & 0xff) == row.opcode);
    const auto d = npu::isa::decode(Family::kTensorCore, word);
    REQUIRE(d.inst);
    CHECK(d.inst->info->pipe == row.pipe);
    CHECK(d.inst->info->num_operands == row.regs);
    const int first = row.opcode == 0xDB ? 3 : 1;  // epi.scale x3
    for (int i = 0; i < row.regs; ++i) CHECK(d.inst->r[i] == first + i);
    CHECK(npu::isa::pipe_name(Family::kTensorCore, row.pipe) == (row.pipe == Pipe::kMte3  ? "LSU"
                                                                 : row.pipe == Pipe::kVec ? "SIMT"
                                                                                          : "S"));
  }
}

TEST_CASE("LSU operands are registers: an immediate width is an operand-kind error",
          "[asm][tensorcore][lsu]") {
  AsmResult r = assemble("    ld.global x1, x2, 4, x4, x5\n");
  CHECK_FALSE(r.image);
  CHECK(has(r, DiagId::kOperandKind));
}

TEST_CASE("LSU / epi.ab with too few operands, epi.scale with too many: operand-count errors",
          "[asm][tensorcore][lsu]") {
  CHECK(has(assemble("    st.shared x1, x2, x3, x4\n"), DiagId::kOperandCount));
  CHECK(has(assemble("    epi.scale x1, x2\n"), DiagId::kOperandCount));
  CHECK(has(assemble("    epi.ab.f16 x1, x2, x3, x4, x5\n"), DiagId::kOperandCount));
}

TEST_CASE("the DaVinci target has no LSU or scaled-epilogue instructions",
          "[asm][tensorcore][lsu]") {
  CHECK(
      has(assemble("    ld.global x1, x2, x3, x4, x5\n", "davinci"), DiagId::kUnknownInstruction));
  CHECK(has(assemble("    epi.scale x1\n", "davinci"), DiagId::kUnknownInstruction));
}

TEST_CASE("disassembling the new words names them again", "[asm][tensorcore][lsu]") {
  for (const char* mn : {"epi.ab.s8", "ld.shared"}) {
    const auto* info = npu::isa::find_op(Family::kTensorCore, mn);
    REQUIRE(info != nullptr);
    const auto d =
        npu::isa::decode(Family::kTensorCore, npu::isa::encode(*info, {7, 8, 9, 10, 11, 0}, 0));
    REQUIRE(d.inst);
    CHECK(std::string(d.inst->info->mnemonic) == mn);
  }
}
