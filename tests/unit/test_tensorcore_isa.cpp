// The tensor-core ISA table: documented, encodes and decodes, and keeps its pipe names.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "isa/isa.h"

using namespace npu::isa;

TEST_CASE("every tensor-core mnemonic is documented in ISA.md", "[isa][doc][tensorcore]") {
  std::ifstream in(std::string(NPU_SOURCE_DIR) + "/firmware/ISA.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const auto& row : op_table(Family::kTensorCore)) {
    INFO(row.mnemonic);
    CHECK(doc.find(std::string("`") + row.mnemonic + "`") != std::string::npos);
  }
}

TEST_CASE("tensor-core engine rows round-trip through encode/decode", "[isa][tensorcore]") {
  const OpInfo* w = find_op(Family::kTensorCore, "wgmma.f16");
  REQUIRE(w != nullptr);
  CHECK(w->pipe == Pipe::kCube);
  const uint64_t word = encode(*w, {1, 2, 3, 4, 5, 31}, 0);
  DecodeResult d = decode(Family::kTensorCore, word);
  REQUIRE(d.inst);
  CHECK(d.inst->info == w);
  CHECK(d.inst->r == std::array<uint8_t, 6>{1, 2, 3, 4, 5, 31});
  const OpInfo* wait = find_op(Family::kTensorCore, "wgmma.wait");
  DecodeResult dw = decode(Family::kTensorCore, encode(*wait, {}, 1));
  REQUIRE(dw.inst);
  CHECK(dw.inst->imm == 1);
  // the same byte is another (or no) instruction in the DaVinci table: tables are per family
  CHECK(find_op(Family::kDaVinci, "wgmma.f16") == nullptr);
  CHECK_FALSE(decode(Family::kDaVinci, word).inst.has_value());
}

TEST_CASE("tensor-core pipe slots have their own names", "[isa][tensorcore]") {
  CHECK(pipe_name(Family::kTensorCore, Pipe::kMte2) == "TMA");
  CHECK(pipe_name(Family::kTensorCore, Pipe::kCube) == "TENSOR");
  CHECK(pipe_name(Family::kTensorCore, Pipe::kVec) == "SIMT");
  CHECK(pipe_name(Family::kDaVinci, Pipe::kCube) == "M");
  for (const auto& row : op_table(Family::kTensorCore)) {
    INFO(row.mnemonic);
    const int op = static_cast<int>(row.opcode);
    CHECK((op < 0x40 || op >= 0xC0));
  }
}
