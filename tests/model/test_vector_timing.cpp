// Vector timing contracts: an instruction costs core.vec.<class>.head + repeats x the class's
// per-repeat cost for its dtype, plus core.vec.bank_conflict per serialised UB access
// (systemc/davinci/ub_banks.h): the same vadd with its two sources in one bank group, or with the
// destination in the bank the next repeat reads, is slower than with a conflict-free layout.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "run_one.h"

namespace {

using npu::test::run_one;

// One AIV's vector unit: the 910B2 parameters on a coupled view of the core, so a label-less
// body runs on one control thread that has the V pipe (split: it would run on the AIC).
npu::config::ChipConfig b2() {
  auto cfg = npu::test::load_config("ascend910b2.yaml");
  cfg.core.organisation = npu::config::CoreOrganisation::kCoupled;
  cfg.core.aivs = 0;
  return cfg;
}

// `op dst, a, b` over `rep` contiguous FP16 repeats; returns the V pipe's busy cycles and checks
// the number of conflicting UB accesses the run counted.
double vec_busy(const npu::config::ChipConfig& cfg, const char* op, uint64_t dst, uint64_t a,
                uint64_t b, int rep, uint64_t conflicts) {
  auto r = run_one(cfg, fmt::format("li x1, {}\nli x2, {}\nli x3, {}\nli x4, {}\n"
                                    "li x5, 0x080808010101\n{} x1, x2, x3, x4, x5\nhalt\n",
                                    dst, a, b, rep, op));
  REQUIRE(r.completed);
  CHECK(r.engines["V"].instructions == 1);
  CHECK(r.ub_bank_conflicts == conflicts);
  return r.engines["V"].busy_cycles;
}

}  // namespace

TEST_CASE("vadd without bank conflicts costs head + repeats x repeat cost",
          "[model][timing][vector]") {
  auto cfg = b2();
  // a and b 256 B apart modulo 512 (different bank groups), dst in another 64 KiB region.
  const double busy = vec_busy(cfg, "vadd.f16", 0x10000, 0x0, 0x8100, 8, 0);
  CHECK(busy == std::ceil(cfg.core.vec.add.head_cycles + 8 * cfg.core.vec.add.repeat_f16));
}

TEST_CASE("vadd with both sources in the same bank groups pays a conflict per repeat",
          "[model][timing][vector][bank]") {
  auto cfg = b2();
  // a and b both 512 B aligned: each repeat reads two rows from each of 8 bank groups.
  const double busy = vec_busy(cfg, "vadd.f16", 0x10000, 0x0, 0x8000, 8, 8);
  CHECK(busy == std::ceil(cfg.core.vec.add.head_cycles + 8 * cfg.core.vec.add.repeat_f16 +
                          8 * cfg.core.vec.bank_conflict_cycles));
}

TEST_CASE("vadd writing the bank the next repeat reads pays a read-write conflict",
          "[model][timing][vector][bank]") {
  auto cfg = b2();
  // dst = a + 256 in a's region: the rows written in repeat r are those a reads in repeat r+1.
  const double busy = vec_busy(cfg, "vadd.f16", 0x100, 0x0, 0x10100, 8, 7);
  CHECK(busy == std::ceil(cfg.core.vec.add.head_cycles + 8 * cfg.core.vec.add.repeat_f16 +
                          7 * cfg.core.vec.bank_conflict_cycles));
}

TEST_CASE("vexp costs its FP16 or FP32 repeat cost, set_vmask its own", "[model][timing][vector]") {
  auto cfg = b2();
  auto r = run_one(cfg,
                   "li x1, 0\nli x2, 0x10000\nli x4, 4\nli x5, 0x080808010101\nli x6, -1\n"
                   "vexp.f16 x1, x2, x4, x5\nvexp.f32 x1, x2, x4, x5\nset_vmask x6, x6\nhalt\n");
  REQUIRE(r.completed);
  const auto& e = cfg.core.vec.exp;
  CHECK(r.engines["V"].busy_cycles == std::ceil(e.head_cycles + 4 * e.repeat_f16) +
                                          std::ceil(e.head_cycles + 4 * e.repeat_f32) +
                                          std::ceil(cfg.core.vec.mask_cycles));
}

TEST_CASE("a vector repeat count outside 1..255 is a bad-shape fault", "[model][vector]") {
  auto cfg = b2();
  auto r =
      run_one(cfg, "li x1, 0\nli x4, 256\nli x5, 0x080808010101\nvrelu.f16 x1, x1, x4, x5\nhalt\n");
  REQUIRE_FALSE(r.completed);
  REQUIRE(r.fault);
  CHECK(r.fault->message.find("repeat count 256") != std::string::npos);
}

TEST_CASE("a vector operand past the end of UB is a buffer fault", "[model][vector]") {
  auto cfg = b2();
  // 2 repeats, a repeat stride 255 blocks, from near the top of the 192 KiB UB.
  auto r = run_one(
      cfg, "li x1, 0x2f000\nli x4, 2\nli x5, 0x00ff00010101\nvrelu.f16 x1, x1, x4, x5\nhalt\n");
  REQUIRE_FALSE(r.completed);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kBufferRange);
}
