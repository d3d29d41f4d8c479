// Memory-system timing contracts (davinci.md 1.4 notes). Each TEST_CASE is one run (one SystemC
// elaboration per process) of two identical copies: the first misses L2 and pays
// memory.hbm.latency, the second hits. Effects:
//  * a transfer moves whole memory.burst packages per row segment: 64 rows of 64 B cost 64 B
//    each when contiguous, a 128 B package each when 2 KiB apart;
//  * the MTE2 head makes copies below ~16 KB inefficient: a 4 KiB gm2ub streams at well under
//    half the port rate, a 128 KiB one close to it.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "run_one.h"

namespace {

using npu::test::load_config;
using npu::test::run_one;

// Twice `op` on the same bytes; returns MTE2 busy cycles.
double twice(npu::config::ChipConfig cfg, const std::string& setup, const std::string& op) {
  auto r = run_one(cfg, "ldp x2, A\n" + setup + op + "\n" + op + "\nhalt\n");
  REQUIRE(r.completed);
  return r.engines["MTE2"].busy_cycles;
}

double nd2nz_pair(int ld) {
  auto cfg = load_config("ascend910b-seed.yaml");
  cfg.core.mte2_outstanding = 1;  // each copy pays its whole head (no overlap with the first)
  return twice(cfg, fmt::format("li x3, 64\nli x4, 32\nli x5, {}\n", ld),
               "nd2nz.f16 x0, x2, x3, x4, x5");
}

double expected_pair(const npu::config::ChipConfig& cfg, double moved) {
  return 2 * std::ceil(cfg.core.mte2.head_cycles) + std::ceil(cfg.memory.hbm_latency_cycles) +
         2 * moved / cfg.core.mte2.bytes_per_cycle;
}

// Efficiency of a contiguous gm2ub of `bytes` (L2-resident copy, HBM latency excluded).
double gm2ub_efficiency(uint64_t bytes) {
  auto cfg = load_config("ascend910b2.yaml");
  cfg.core.organisation = npu::config::CoreOrganisation::kCoupled;  // one thread, MTE2 + UB
  cfg.core.aivs = 0;
  const double busy = twice(cfg, fmt::format("li x3, {}\n", bytes), "gm2ub x0, x2, x3");
  return 2.0 * bytes / cfg.core.mte2.bytes_per_cycle / (busy - cfg.memory.hbm_latency_cycles);
}

}  // namespace

TEST_CASE("contiguous rows move only their bytes", "[model][timing][memory]") {
  auto cfg = load_config("ascend910b-seed.yaml");
  CHECK(nd2nz_pair(32) == Approx(expected_pair(cfg, 64 * 64)).margin(4));
}

TEST_CASE("narrow strided rows cost a whole GM package each", "[model][timing][memory]") {
  auto cfg = load_config("ascend910b-seed.yaml");
  REQUIRE(cfg.memory.burst_bytes == 128);
  CHECK(nd2nz_pair(1024) == Approx(expected_pair(cfg, 64 * 128)).margin(4));
}

TEST_CASE("a 4 KiB MTE2 copy streams at under half the port rate", "[model][timing][memory]") {
  CHECK(gm2ub_efficiency(4096) < 0.5);
}

TEST_CASE("a 128 KiB MTE2 copy streams close to the port rate", "[model][timing][memory]") {
  CHECK(gm2ub_efficiency(131072) > 0.8);
}
