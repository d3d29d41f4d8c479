// Tensor-core SM timing contracts: a wgmma's latency is sm.tensor.tail (tail_s8) plus its MACs
// over the SM's MAC rate, at least sm.tensor.min_cycles (measured on an H100: 61 + N/2 cycles for
// m64nNk16, 59 + N/2 for m64nNk32, docs/measurements/h100_microbenchmarks.md), and a TMA load
// completes on its mbarrier after the issue cost, the bytes at the SM's port and the L2 (+ HBM)
// latency. Each TEST_CASE runs in its own process (SystemC elaborates once) on a 1-SM chip built
// from assembler text.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "asm/assembler.h"
#include "chip/chip.h"
#include "config/chip_config.h"

namespace {

using npu::model::RunResult;

npu::config::ChipConfig h100() {
  auto r = npu::config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/h100-sxm5.yaml");
  REQUIRE(r.ok());
  return r.config;
}

// Runs `body` on one SM with a 1 MiB GM tensor bound to A; returns the cycles of the whole run.
RunResult run_one(const npu::config::ChipConfig& cfg, const std::string& body) {
  static npu::as::AsmResult asm_result;  // outlives the chip (SystemC objects are never freed)
  asm_result =
      npu::as::assemble_source(".target tensorcore\n.kernel t\n.param A ptr\n" + body, "t.s");
  INFO(body);
  REQUIRE(asm_result.image);
  auto* chip = new npu::model::Chip("chip", cfg, *asm_result.image, cfg.freq_mhz, 1, {});
  REQUIRE(chip->bind("A", chip->gm().allocate("A", 1 << 20)).empty());
  return chip->run();
}

// Cycles of a 1-SM run whose only thread runs n_instr instructions and nothing waits.
double overhead(const npu::config::ChipConfig& cfg, int n_instr) {
  return cfg.launch_cycles + cfg.block_dispatch_cycles + n_instr * cfg.sm.scalar_cycles_per_instr;
}

double wgmma_run(int n, bool s8 = false) {
  auto cfg = h100();
  const RunResult r = run_one(cfg, "li x1, " + std::to_string(n) + "\nli x2, 256\nwgmma.init." +
                                       (s8 ? "s8" : "f16") +
                                       " x0, x0, x0, x1, x2, x2\n"
                                       "wgmma.commit\nwgmma.wait 0\nhalt\n");
  REQUIRE(r.completed);
  CHECK(r.engines.at("TENSOR").instructions == 1);
  // the wgmma is dispatched after 3 instructions; its result comes tail + MACs / rate later,
  // then halt (1 instruction), which waits for the tensor cores' min_cycles occupancy to end
  const double mac_cycles =
      s8 ? 64.0 * n * 32 / cfg.sm.tensor_macs_s8 : 64.0 * n * 16 / cfg.sm.tensor_macs_f16;
  const double expected =
      overhead(cfg, 3) +
      std::max(mac_cycles + (s8 ? cfg.sm.tensor_tail_s8_cycles : cfg.sm.tensor_tail_cycles) +
                   cfg.sm.scalar_cycles_per_instr,
               cfg.sm.tensor_min_cycles);
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 2);
  return static_cast<double>(r.cycles) - overhead(cfg, 3) - cfg.sm.scalar_cycles_per_instr;
}

}  // namespace

TEST_CASE("wgmma m64n64k16 latency is 93 cycles (tail + N/2), as measured", "[model][tensorcore]") {
  CHECK(std::abs(wgmma_run(64) - 93) <= 2);  // h100_microbenchmarks.md 1: 93 cycles on an H100
}

TEST_CASE("wgmma m64n256k16 latency grows by N/2", "[model][tensorcore]") {
  CHECK(std::abs(wgmma_run(256) - 189) <= 2);  // measured 189 = 61 + 128
}

TEST_CASE("wgmma m64n32k16 latency is 77 cycles, as measured", "[model][tensorcore]") {
  CHECK(std::abs(wgmma_run(32) - 77) <= 2);  // 61 + 16
}

TEST_CASE("back-to-back wgmma m64n32k16 are issue-bound: 24 cycles each", "[model][tensorcore]") {
  auto cfg = h100();
  std::string body = "li x1, 32\nli x2, 256\n";
  for (int i = 0; i < 16; ++i) body += "wgmma.init.f16 x0, x0, x0, x1, x2, x2\n";
  body += "wgmma.commit\nwgmma.wait 0\nhalt\n";
  const RunResult r = run_one(cfg, body);
  REQUIRE(r.completed);
  // 16 wgmma back to back: 15 x 24 cycles of occupancy, then the last one's 16 + tail
  const double expected = overhead(cfg, 2) + cfg.sm.scalar_cycles_per_instr +
                          15 * cfg.sm.tensor_min_cycles + 16 + cfg.sm.tensor_tail_cycles +
                          cfg.sm.scalar_cycles_per_instr;
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 3);
}

TEST_CASE("wgmma m64n128k32 INT8 latency is 123 cycles, as measured", "[model][tensorcore]") {
  CHECK(std::abs(wgmma_run(128, true) - 123) <= 2);  // h100_microbenchmarks.md 1: 59 + 64
}

TEST_CASE("a TMA load completes after issue, bytes at the port and the L2 + HBM latency",
          "[model][tensorcore]") {
  auto cfg = h100();
  // 64 rows x 256 B = 16 KiB from a cold L2
  const RunResult r = run_one(cfg,
                              "li x1, 1\nmbar.init x0, x1\nli x2, 64\nli x3, 256\nli x4, 16384\n"
                              "mbar.arrive_tx x0, x4\nldp x5, A\n"
                              "tma.load x0, x5, x2, x3, x3, x0\nmbar.wait x0, x0\nhalt\n");
  REQUIRE(r.completed);
  const auto& s = cfg.sm;
  // 8 instructions up to the dispatch (2 of them mbarrier operations), then the load; the wait
  // returns after the bytes' latency and costs an mbarrier operation; then halt.
  const double expected = overhead(cfg, 8) + 2 * s.mbar_cycles + s.tma_head_cycles +
                          16384 / s.tma_port_bytes_per_cycle + s.tma_latency_cycles +
                          s.tma_miss_latency_cycles + s.mbar_cycles + s.scalar_cycles_per_instr;
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 3);
  CHECK(r.hbm_bytes == 16384);
}
