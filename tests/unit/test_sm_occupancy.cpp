// Occupancy of a tensor-core launch (config/sm_occupancy.h) on the shipped H100 config: each
// resource limits it in turn, the per-CTA SMEM reservation counts, and a CTA that cannot fit an
// SM even alone is an error naming the resource.
#include <catch2/catch.hpp>

#include "config/chip_config.h"
#include "config/sm_occupancy.h"

using npu::config::CtaResources;
using npu::config::sm_occupancy;

namespace {

const npu::config::TensorCoreSmConfig& h100_sm() {
  static const auto r =
      npu::config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/h100-sxm5.yaml");
  REQUIRE(r.ok());
  return r.config.sm;
}

constexpr uint64_t kKiB = 1024;

}  // namespace

TEST_CASE("occupancy: SMEM limits, with the 1 KiB reserved per CTA", "[occupancy]") {
  const auto& sm = h100_sm();
  REQUIRE(sm.smem.bytes == 228 * kKiB);
  REQUIRE(sm.smem_reserved_per_cta == 1 * kKiB);
  // 3 x (75 + 1) KiB = 228 KiB fits exactly; 76 KiB + 1 leaves room for two only
  auto o = sm_occupancy(sm, {75 * kKiB, 16 * kKiB, 256, 2});
  CHECK(o.ctas_per_sm == 3);
  CHECK(o.limit == "smem");
  CHECK(sm_occupancy(sm, {75 * kKiB + 16, 16 * kKiB, 256, 2}).ctas_per_sm == 2);
  // the INT8 GEMM's 3-stage 128 x 256 x 128 ring (144 KiB): one per SM
  o = sm_occupancy(sm, {144 * kKiB, 128 * kKiB, 384, 4});
  CHECK(o.ctas_per_sm == 1);
  CHECK(o.limit == "smem");
  CHECK(o.limits[1].ctas == 2);  // the RF alone would admit two
}

TEST_CASE("occupancy: the register file limits", "[occupancy]") {
  auto o = sm_occupancy(h100_sm(), {8 * kKiB, 96 * kKiB, 128, 1});
  CHECK(o.ctas_per_sm == 2);
  CHECK(o.limit == "rf");
  CHECK(o.rf_window == 96 * kKiB);
}

TEST_CASE("occupancy: resident CTAs and warps limit", "[occupancy]") {
  const auto& sm = h100_sm();
  auto o = sm_occupancy(sm, {1 * kKiB, 1 * kKiB, 32, 1});  // tiny CTAs: 32 per SM (Hopper)
  CHECK(o.ctas_per_sm == 32);
  CHECK(o.limit == "ctas");
  o = sm_occupancy(sm, {1 * kKiB, 1 * kKiB, 512, 4});  // 16 warps: 64 / 16
  CHECK(o.ctas_per_sm == 4);
  CHECK(o.limit == "warps");
  CHECK(o.warps == 16);
  // undeclared threads: a warpgroup per role (3 roles = 12 warps: 5 per SM)
  o = sm_occupancy(sm, {1 * kKiB, 1 * kKiB, std::nullopt, 3});
  CHECK(o.warps == 12);
  CHECK(o.ctas_per_sm == 5);
}

TEST_CASE("occupancy: undeclared SMEM or RF claims the whole SM", "[occupancy]") {
  const auto& sm = h100_sm();
  auto o = sm_occupancy(sm, {std::nullopt, 1 * kKiB, 128, 1});
  CHECK(o.ctas_per_sm == 1);
  CHECK(o.limit == "smem");
  CHECK(o.smem_window == sm.smem.bytes);  // no reservation taken from a legacy kernel
  o = sm_occupancy(sm, {1 * kKiB, std::nullopt, 128, 1});
  CHECK(o.ctas_per_sm == 1);
  CHECK(o.limit == "rf");
  o = sm_occupancy(sm, {0, 0, 32, 1});  // no RF claimed: not a limit; SMEM still reserves 1 KiB
  CHECK(o.limits[1].ctas == npu::config::kUnlimited);
  CHECK(o.limits[0].ctas == 228);
  CHECK(o.ctas_per_sm == 32);
}

TEST_CASE("occupancy: a CTA that cannot fit alone is an error naming the resource", "[occupancy]") {
  const auto& sm = h100_sm();
  auto o = sm_occupancy(sm, {228 * kKiB, 0, 128, 1});  // 228 KiB + the 1 KiB reservation
  CHECK(o.ctas_per_sm == 0);
  CHECK(o.error.find("cannot run even alone") != std::string::npos);
  CHECK(o.error.find("sm.smem.size") != std::string::npos);
  CHECK(sm_occupancy(sm, {227 * kKiB, 0, 128, 1}).ctas_per_sm == 1);  // Hopper's per-CTA max
  o = sm_occupancy(sm, {0, 300 * kKiB, 128, 1});
  CHECK(o.ctas_per_sm == 0);
  CHECK(o.error.find("sm.rf.size") != std::string::npos);
  o = sm_occupancy(sm, {0, 0, 65 * 32, 1});
  CHECK(o.ctas_per_sm == 0);
  CHECK(o.error.find("sm.max_warps") != std::string::npos);
  o = sm_occupancy(sm, {0, 0, 64, 3});  // 3 roles need 3 warps
  CHECK(o.ctas_per_sm == 0);
  CHECK(o.error.find("at least one warp") != std::string::npos);
}
