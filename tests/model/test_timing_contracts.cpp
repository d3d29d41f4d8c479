// Timing contracts (style guide 3.7, layer 2): one instruction at a time, its cost must be exactly
// what the chip YAML's parameters say. Each TEST_CASE runs in its own process (SystemC
// elaborates once), building a 1-core chip in-process from assembler text.
#include <catch2/catch.hpp>

#include <cmath>

#include "run_one.h"

namespace {

using npu::model::RunResult;
using npu::test::run_one;

npu::config::ChipConfig seed() { return npu::test::load_config("ascend910b-seed.yaml"); }

}  // namespace

TEST_CASE("an mmad costs its head plus one cycle per 16x16x16 fractal", "[model][timing][cube]") {
  auto cfg = seed();
  RunResult r = run_one(cfg,
                        "li x1, 0\nli x2, 64\nli x3, 32\nli x4, 128\n"
                        "mmad.init.f16 x1, x1, x1, x2, x3, x4\nhalt\n");
  REQUIRE(r.completed);
  // 64x32x128 fp16: 4 x 2 x 8 = 64 fractals, each 4096 MACs at 4096 MAC/cycle.
  CHECK(r.engines["M"].busy_cycles == Approx(cfg.core.cube_head_cycles + 64));
  CHECK(r.engines["M"].instructions == 1);
}

TEST_CASE("back-to-back mmads pay the cube head only once", "[model][timing][cube]") {
  auto cfg = seed();
  RunResult r = run_one(cfg,
                        "li x1, 0\nli x2, 16\n"
                        "mmad.init.f16 x1, x1, x1, x2, x2, x2\nmmad.f16 x1, x1, x1, x2, x2, x2\n"
                        "mmad.f16 x1, x1, x1, x2, x2, x2\nhalt\n");
  REQUIRE(r.completed);
  CHECK(r.engines["M"].busy_cycles == Approx(cfg.core.cube_head_cycles + 3));
}

TEST_CASE("an MTE1 load costs its head plus bytes over the L0A rate", "[model][timing][mte1]") {
  auto cfg = seed();
  RunResult r = run_one(cfg, "li x1, 0\nli x2, 128\nli x3, 64\nload_l0a.f16 x1, x1, x2, x3, x2\nhalt\n");
  REQUIRE(r.completed);
  const double bytes = 128 * 64 * 2;
  CHECK(r.engines["MTE1"].busy_cycles ==
        Approx(std::ceil(cfg.core.mte1_head_cycles + bytes / cfg.core.mte1_l0a_bytes_per_cycle)));
}

TEST_CASE("a lone nd2nz streams at the MTE2 port rate after its head and the HBM latency",
          "[model][timing][mte2]") {
  auto cfg = seed();
  RunResult r = run_one(cfg,
                        "ldp x5, A\nli x1, 0\nli x2, 128\nli x3, 64\n"
                        "nd2nz.f16 x1, x5, x2, x3, x3\nhalt\n");
  REQUIRE(r.completed);
  const double bytes = 128 * 64 * 2;  // one core alone: the port (128 B/cycle) is the limit
  const double expected = cfg.core.mte2.head_cycles + cfg.memory.hbm_latency_cycles +
                          bytes / cfg.core.mte2.bytes_per_cycle;
  CHECK(r.engines["MTE2"].busy_cycles == Approx(expected).margin(1.0));
  CHECK(r.hbm_bytes == bytes);
}

TEST_CASE("a second read of the same tile hits in L2", "[model][timing][l2]") {
  auto cfg = seed();
  RunResult r = run_one(cfg,
                        "ldp x5, A\nli x1, 0\nli x2, 128\nli x3, 64\n"
                        "nd2nz.f16 x1, x5, x2, x3, x3\nnd2nz.f16 x1, x5, x2, x3, x3\nhalt\n");
  REQUIRE(r.completed);
  CHECK(r.l2_miss_bytes == 128 * 64 * 2);
  CHECK(r.l2_hit_bytes == 128 * 64 * 2);
}

TEST_CASE("a wait_flag holds its pipe until the source pipe sets the flag",
          "[model][timing][flags]") {
  auto cfg = seed();
  // The cube waits for MTE1's load to finish: total time >= load + mmad.
  RunResult r = run_one(cfg,
                        "li x1, 0\nli x2, 128\nli x3, 64\nload_l0a.f16 x1, x1, x2, x3, x2\n"
                        "set_flag MTE1, M, 0\nwait_flag MTE1, M, 0\n"
                        "mmad.init.f16 x1, x1, x1, x2, x3, x2\nhalt\n");
  REQUIRE(r.completed);
  const double load = std::ceil(cfg.core.mte1_head_cycles + 128 * 64 * 2 /
                                                                cfg.core.mte1_l0a_bytes_per_cycle);
  // the wait starts when wait_flag reaches the cube, two scalar instructions after the load
  CHECK(r.engines["M"].flag_wait_cycles >= load - 2 * cfg.core.scalar_cycles_per_instr);
  CHECK(r.engines["M"].flag_wait_cycles <= load + 2 * cfg.core.flag_cycles + 1);
}
