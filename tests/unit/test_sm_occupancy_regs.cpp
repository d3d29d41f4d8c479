// Register-limited occupancy (config/sm_occupancy.h) on the shipped H100 config: registers per
// thread (.regs) are allocated per warp in units of 256, a warp's in one of 4 RF sub-partitions,
// as cuda_occupancy.h computes it; 255 per thread at most; a CTA whose registers exceed 64 K
// cannot launch; the largest per-thread figure a CTA size can declare.
#include <catch2/catch.hpp>

#include "config/sm_occupancy.h"
#include "config_text.h"

using npu::config::max_regs_per_thread;
using npu::config::sm_occupancy;

namespace {

const npu::config::TensorCoreSmConfig& h100_sm() {
  return npu::test::shipped_config("h100-sxm5.yaml").sm;
}

// A CTA of `threads` threads in one role, `regs` registers each, 1 KiB of SMEM.
npu::config::Occupancy with_regs(uint64_t threads, uint64_t regs) {
  return sm_occupancy(h100_sm(), {1024, std::nullopt, threads, 1, regs});
}

}  // namespace

TEST_CASE("occupancy: H100 register allocation parameters", "[occupancy][regs]") {
  const auto& sm = h100_sm();
  CHECK(sm.rf.bytes / 4 == 65536);
  CHECK(sm.rf_max_per_thread == 255);
  CHECK(sm.rf_max_per_cta == 65536);
  CHECK(sm.rf_alloc_unit == 256);
  CHECK(sm.rf_sub_partitions == 4);
}

TEST_CASE("occupancy: registers per thread limit CTAs per SM, rounded per warp",
          "[occupancy][regs]") {
  // 32 x 32 = 1024 per warp: 16 warps per sub-partition, 64 per SM, 16 CTAs of 4 warps
  auto o = with_regs(128, 32);
  CHECK(o.regs_per_warp == 1024);
  CHECK(o.regs_per_cta == 4096);
  CHECK(o.rf_window == 4096 * 4);
  CHECK(o.limits[1].ctas == 16);
  CHECK(o.ctas_per_sm == 16);  // the warp limit is 16 too
  // 33 registers round up to 1280 per warp, as 40 do: 12 warps per sub-partition, 12 CTAs
  for (uint64_t regs : {33, 40}) {
    o = with_regs(128, regs);
    INFO(regs);
    CHECK(o.regs_per_thread == regs);
    CHECK(o.regs_per_warp == 1280);
    CHECK(o.ctas_per_sm == 12);
    CHECK(o.limit == "rf");
  }
  o = with_regs(128, 41);  // 1312 -> 1536 per warp: 10 warps per sub-partition
  CHECK(o.regs_per_warp == 1536);
  CHECK(o.ctas_per_sm == 10);
  // without rounding (41 x 32 x 4 = 5248 registers per CTA) 12 would fit
  CHECK(65536 / (41 * 32 * 4) == 12);
}

TEST_CASE("occupancy: 255 registers per thread is the maximum", "[occupancy][regs]") {
  auto o = with_regs(128, 255);  // 8160 -> 8192 per warp: 2 warps per sub-partition
  CHECK(o.regs_per_warp == 8192);
  CHECK(o.ctas_per_sm == 2);
  CHECK(o.limit == "rf");
  o = with_regs(128, 256);
  CHECK(o.ctas_per_sm == 0);
  CHECK(o.error.find("256 registers (.regs)") != std::string::npos);
  CHECK(o.error.find("sm.rf.max_per_thread") != std::string::npos);
}

TEST_CASE("occupancy: cuBLAS's 168 registers x 384 threads hold one CTA; x 512 cannot launch",
          "[occupancy][regs]") {
  // ncu on the card (docs/measurements/ncu_gemm): nvjet FP16 GEMMs, 168 registers x 384 threads
  auto o = with_regs(384, 168);
  CHECK(o.regs_per_warp == 5376);
  CHECK(o.regs_per_cta == 64512);
  CHECK(o.ctas_per_sm == 1);
  CHECK(o.limit == "rf");
  o = with_regs(512, 168);  // 16 x 5376 = 86016 registers
  CHECK(o.ctas_per_sm == 0);
  CHECK(o.limit == "rf");
  CHECK(o.error.find("86016 registers") != std::string::npos);
  CHECK(o.error.find("sm.rf.max_per_cta") != std::string::npos);
  CHECK(o.error.find("cannot run even alone") != std::string::npos);
  CHECK(with_regs(512, 128).ctas_per_sm == 1);  // 16 x 4096
}

TEST_CASE("occupancy: a byte claim (.rf) has no per-warp granularity", "[occupancy][regs]") {
  auto o = sm_occupancy(h100_sm(), {1024, 5248 * 4, 128, 1});
  CHECK(o.regs_per_thread == 0);
  CHECK(o.limits[1].ctas == 12);  // bytes: 262144 / 20992
}

TEST_CASE("occupancy: the most registers per thread a CTA size can declare", "[occupancy][regs]") {
  const auto& sm = h100_sm();
  CHECK(max_regs_per_thread(sm, 12) == 168);  // 65536 / 12 warps -> 5376 per warp
  CHECK(max_regs_per_thread(sm, 16) == 128);
  CHECK(max_regs_per_thread(sm, 8) == 255);   // 256 would fit the RF: the per-thread maximum
  CHECK(max_regs_per_thread(sm, 10) == 168);  // 10 warps are checked as 12
  CHECK(max_regs_per_thread(sm, 48) == 40);
  for (uint64_t warps : {1, 4, 5, 10, 12, 16, 24, 48, 64}) {
    INFO(warps);
    const uint64_t r = max_regs_per_thread(sm, warps);
    CHECK(with_regs(warps * 32, r).ctas_per_sm >= 1);
    if (r < sm.rf_max_per_thread) CHECK(with_regs(warps * 32, r + 8).ctas_per_sm == 0);
  }
}
