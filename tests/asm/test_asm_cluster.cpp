// Thread-block cluster instructions of the tensor-core family (firmware/ISA.md "Clusters"): their
// opcodes and operand fields, the cluster special registers, and the assembler's diagnostics.
#include <catch2/catch.hpp>
#include <string>

#include "asm/assembler.h"
#include "asm/disassembler.h"
#include "asm_test_util.h"
#include "isa/isa.h"

namespace npu::as {
namespace {

using isa::Family;

AsmResult assemble(const std::string& body, Family family = Family::kTensorCore) {
  return assemble_source(std::string(".target ") + std::string(family_name(family)) +
                             "\n.kernel t\n" + body + "\nhalt\n",
                         "cluster.s");
}

uint64_t word_of(const std::string& line) {
  AsmResult r = assemble(line);
  INFO(line);
  for (const std::string& d : r.diagnostics) UNSCOPED_INFO(d);
  REQUIRE(r.ok());
  return r.image->code.at(0);
}

isa::Inst decoded(uint64_t word) { return test::decoded_in(Family::kTensorCore, word); }
using test::bits;

}  // namespace

TEST_CASE("asm cluster instructions take their assigned opcodes and register fields",
          "[asm][encode][cluster]") {
  uint64_t w = word_of("tma.load.mc x1, x2, x3, x4, x5, x6");
  CHECK(bits(w, 0, 8) == 0xCA);
  isa::Inst i = decoded(w);
  CHECK(i.opcode() == isa::Opcode::kTmaLoadMc);
  CHECK(i.info->pipe == isa::Pipe::kMte2);  // the TMA engine
  CHECK(i.r == std::array<uint8_t, 6>{1, 2, 3, 4, 5, 6});

  w = word_of("mbar.arrive.cluster x7, x9");
  CHECK(bits(w, 0, 8) == 0xC6);
  CHECK(bits(w, 8, 5) == 7);
  CHECK(bits(w, 13, 5) == 9);
  CHECK(bits(w, 18, 46) == 0);
  CHECK(decoded(w).info->pipe == isa::Pipe::kS);

  w = word_of("cluster.sync");
  CHECK(w == 0xC7);
  CHECK(decoded(w).opcode() == isa::Opcode::kClusterSync);
}

TEST_CASE("asm rsr reads cluster_rank and cluster_dim", "[asm][encode][cluster]") {
  isa::Inst r = decoded(word_of("rsr x3, cluster_rank"));
  CHECK(static_cast<isa::SpecialReg>(r.imm) == isa::SpecialReg::kClusterRank);
  isa::Inst d = decoded(word_of("rsr x3, cluster_dim"));
  CHECK(static_cast<isa::SpecialReg>(d.imm) == isa::SpecialReg::kClusterDim);
  CHECK(isa::special_reg_from_name("CLUSTER_DIM") == isa::SpecialReg::kClusterDim);
}

TEST_CASE("asm cluster instructions: wrong operands, other families, malformed words",
          "[asm][diag][cluster]") {
  AsmResult r = assemble("mbar.arrive.cluster x1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.diagnostics.at(0).find("'mbar.arrive.cluster' expects 2 operands (bar, rank), got 1") !=
        std::string::npos);
  r = assemble("cluster.sync x1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.diagnostics.at(0).find("expects no operands") != std::string::npos);
  r = assemble("tma.load.mc x1, x2, x3, x4, x5, 3");
  REQUIRE_FALSE(r.ok());
  r = assemble("cluster.sync", Family::kDaVinci);  // a tensor-core instruction only
  REQUIRE_FALSE(r.ok());
  CHECK(r.diagnostics.at(0).find("cluster.sync") != std::string::npos);
  // bits no operand uses must be zero
  CHECK_FALSE(isa::decode(Family::kTensorCore, 0xC7 | (1ull << 8)).inst);
  CHECK_FALSE(isa::decode(Family::kTensorCore, 0xC6 | (1ull << 40)).inst);
}

}  // namespace npu::as
