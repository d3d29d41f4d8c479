// The SM's shared-memory port (systemc/tensorcore/smem_port.h): sm.smem.bandwidth bytes per cycle
// that TMA fills, wgmma operand reads and LSU shared accesses share, max-min fair over each
// access's own rate. Contracts: flows whose rates sum to no more than the port run at their own
// rates (a wgmma stream at the tensor rate, INT8 m64n256k32 beside its TMA fills); past the port
// the flows above the fair share stretch to it (two wgmma-rate streams: both by the ratio; a
// wgmma stream beside TMA fills: the wgmmas get the port less the fills, the fills keep their
// rate). Every expected number is computed here from the chip parameters. Each TEST_CASE runs in
// its own process (SystemC elaborates once).
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "run_one.h"
#include "tensorcore/smem_port.h"

namespace {

using npu::model::RunResult;
using npu::test::load_config;

// Operand bytes a wgmma m64nNkK reads from SMEM (A 64 x K, B K x N) and its MAC cycles.
struct Wgmma {
  double bytes, cycles;
};
Wgmma wgmma_shape(const npu::config::ChipConfig& cfg, int n, bool s8) {
  const double k = s8 ? 32 : 16, es = s8 ? 1 : 2;
  return {(64 + n) * k * es, 64 * n * k / (s8 ? cfg.sm.tensor_macs_s8 : cfg.sm.tensor_macs_f16)};
}

// `w` back-to-back wgmma m64nNk16 (FP16) / k32 (INT8) from SMEM on one role and, when tma > 0,
// `tma` TMA loads of 64 x 256 B into SMEM on another, concurrently.
RunResult stream_run(int n, bool s8, int w, int tma) {
  const std::string mma =
      std::string("wgmma.init.") + (s8 ? "s8" : "f16") + " x0, x0, x0, x1, x2, x2\n";
  std::string body = "role_mma:\nli x1, " + std::to_string(n) + "\nli x2, 256\n";
  for (int i = 0; i < w; ++i) body += mma;
  body += "wgmma.commit\nwgmma.wait 0\nhalt\n";
  if (tma > 0) {
    body += "role_tma:\nli x1, 1\nmbar.init x0, x1\nli x2, 64\nli x3, 256\nli x4, " +
            std::to_string(tma * 64 * 256) + "\nmbar.arrive_tx x0, x4\nldp x5, A\n";
    for (int i = 0; i < tma; ++i) body += "tma.load x0, x5, x2, x3, x3, x0\n";
    body += "mbar.wait x0, x0\nhalt\n";
  }
  const RunResult r = npu::test::run_one(load_config("h100-sxm5.yaml"), body, "tensorcore");
  REQUIRE(r.completed);
  REQUIRE(r.engines.at("TENSOR").instructions == static_cast<uint64_t>(w));
  REQUIRE(r.engines.at("TMA").instructions == static_cast<uint64_t>(tma));
  return r;
}

// TMA engine cycles per 16 KiB load at its port (issue, then the bytes, aligned to a cycle).
double tma_cycles(const npu::config::ChipConfig& cfg) {
  return cfg.sm.tma_head_cycles + std::ceil(64 * 256 / cfg.sm.tma_port_bytes_per_cycle);
}

}  // namespace

TEST_CASE("a wgmma stream below the SMEM port runs at the tensor rate",
          "[model][tensorcore][smem]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const Wgmma g = wgmma_shape(cfg, 128, false);
  REQUIRE(g.bytes / g.cycles < cfg.sm.smem_bytes_per_cycle);  // 96 of 128 B/cycle
  const int w = 24;
  const RunResult r = stream_run(128, false, w, 0);
  CHECK(r.engines.at("TENSOR").busy_cycles == Approx(w * g.cycles).margin(0.5));
}

TEST_CASE("TMA fills beside a wgmma stream past the port: the wgmmas get the port less the fills",
          "[model][tensorcore][smem]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const auto& s = cfg.sm;
  const Wgmma g = wgmma_shape(cfg, 128, false);
  const double mma_rate = g.bytes / g.cycles, fill = s.tma_port_bytes_per_cycle;
  // past the port, and the fills below an equal share: max-min fair leaves them their rate
  REQUIRE(mma_rate + fill > s.smem_bytes_per_cycle);
  REQUIRE(fill < s.smem_bytes_per_cycle / 2);
  const int w = 24, tma = 8;  // the fills outlast the wgmmas
  const RunResult r = stream_run(128, false, w, tma);
  // A fill streams its bytes for bytes / port of every TMA period (the issue cost between
  // fills leaves the port to the wgmmas): the wgmmas' mean rate over a period.
  const double streaming = 64 * 256 / fill, period = tma_cycles(cfg);
  const double shared = s.smem_bytes_per_cycle - fill;
  const double mean = (shared * streaming + mma_rate * (period - streaming)) / period;
  const double per_wgmma = r.engines.at("TENSOR").busy_cycles / w;
  INFO("per wgmma " << per_wgmma << " cycles; alone " << g.cycles << ", fluid prediction "
                    << g.bytes / mean << ", all shared " << g.bytes / shared);
  // each wgmma ends on a whole cycle: between the fluid mean and the fully shared time, rounded up
  CHECK(per_wgmma >= g.bytes / mean - 0.5);
  CHECK(per_wgmma <= std::ceil(g.bytes / shared) + 0.5);
  CHECK(per_wgmma > g.cycles * 1.1);  // the stretch is real: 96 / 82 B/cycle on the H100
  // the fills keep their own rate
  CHECK(r.engines.at("TMA").busy_cycles / tma == Approx(period).margin(1.0));
}

TEST_CASE("INT8 m64n256k32 with its TMA fills stays within the port: no stretch",
          "[model][tensorcore][smem]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const auto& s = cfg.sm;
  const Wgmma g = wgmma_shape(cfg, 256, true);
  // gemm_int8.s's tile 128 x 256 x 128: per K chunk (128 + 256) x 128 B of fills over
  // 2 consumers x 4 wgmmas; below the port both with the fills at their mean and at their peak
  const double chunk_fill = (128.0 + 256) * 128 / (2 * 4 * g.cycles);
  REQUIRE(g.bytes / g.cycles + chunk_fill <= s.smem_bytes_per_cycle);
  REQUIRE(g.bytes / g.cycles + s.tma_port_bytes_per_cycle <= s.smem_bytes_per_cycle);
  const int w = 16, tma = 8;
  const RunResult r = stream_run(256, true, w, tma);
  CHECK(r.engines.at("TENSOR").busy_cycles == Approx(w * g.cycles).margin(0.5));
  CHECK(r.engines.at("TMA").busy_cycles / tma == Approx(tma_cycles(cfg)).margin(1.0));
}

namespace {

// Three flows on a bare port: each thread moves its `bytes` as an access of `cycles`, all
// starting together; records how many cycles each took.
struct PortBench : sc_core::sc_module {
  SC_HAS_PROCESS(PortBench);
  PortBench(sc_core::sc_module_name n, const npu::model::Clock& clock, double bw,
            std::array<Wgmma, 3> f)
      : sc_core::sc_module(n), port("port", clock, bw), flows(f) {
    SC_THREAD(run0);
    SC_THREAD(run1);
    SC_THREAD(run2);
  }
  void go(int i) { took[i] = port.access(flows[i].bytes, static_cast<uint64_t>(flows[i].cycles)); }
  void run0() { go(0); }
  void run1() { go(1); }
  void run2() { go(2); }
  npu::model::SmemPort port;
  std::array<Wgmma, 3> flows;
  std::array<uint64_t, 3> took{};
};

}  // namespace

TEST_CASE("two wgmma-rate streams past the port both stretch by their sum over the port",
          "[model][tensorcore][smem]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const npu::model::Clock clock(cfg.freq_mhz);
  const Wgmma g = wgmma_shape(cfg, 128, false);
  const double bw = cfg.sm.smem_bytes_per_cycle;
  const Wgmma small{bw / 4 * 10, 10};  // a quarter of the port for 10 cycles
  REQUIRE(2 * g.bytes / g.cycles > bw);
  REQUIRE(small.bytes / small.cycles < (bw - small.bytes / small.cycles) / 2);
  // a third flow far below the equal share keeps its rate; the other two split what is left
  auto* bench = new PortBench("bench", clock, bw, {g, g, small});
  sc_core::sc_start();
  const double left = bw - small.bytes / small.cycles;
  const double stretched = g.bytes / (left / 2);
  // the small one ends first; then the two share the whole port
  const double done_small = small.cycles;
  const double moved = done_small * left / 2;
  const double expected = done_small + (g.bytes - moved) / (bw / 2);
  INFO("alone " << g.cycles << ", shared throughout " << stretched << ", expected " << expected);
  CHECK(bench->took[2] == static_cast<uint64_t>(small.cycles));
  CHECK(bench->took[0] == static_cast<uint64_t>(std::ceil(expected - 1e-6)));
  CHECK(bench->took[1] == bench->took[0]);
  CHECK(bench->port.s_stretched == 2);
}
