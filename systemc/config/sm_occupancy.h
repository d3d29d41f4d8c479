// Occupancy of a tensor-core launch: how many CTAs of a kernel an SM holds at once, as the CUDA
// occupancy calculator computes it. A CTA claims its declared SMEM (plus the per-CTA system
// reservation), its register-file bytes and its warps; the SM holds as many as every resource
// and the resident-CTA limit allow. Pure arithmetic on the chip config (no SystemC).
//
// Deliberately ignores allocation granularities (registers per warp in units of 256, SMEM in
// 128-byte units): the model has no per-thread register allocation (sm_core.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/chip_config.h"

namespace npu::config {

// What one CTA claims (kernel directives .smem / .rf / .threads, or the host's launch). An absent
// SMEM or RF figure claims the whole SM's (no reservation); absent threads are one warpgroup
// (kThreadsPerRole) per warp role.
struct CtaResources {
  std::optional<uint64_t> smem_bytes, rf_bytes, threads;
  uint32_t roles = 1;  // warp roles (control threads) of the CTA
};
inline constexpr uint64_t kThreadsPerRole = 128;  // a warp role is a warpgroup (4 warps)
inline constexpr uint64_t kWarpThreads = 32;
inline constexpr uint64_t kUnlimited = UINT64_MAX;

struct OccupancyLimit {
  std::string resource;  // "smem", "rf", "ctas", "warps"
  uint64_t per_cta = 0;  // what one CTA claims of it (bytes, CTAs or warps)
  uint64_t per_sm = 0;   // what the SM has
  uint64_t ctas = 0;     // CTAs this resource alone admits (kUnlimited: claims none of it)
};

struct Occupancy {
  uint32_t ctas_per_sm = 0;                 // 0: the CTA does not fit even alone (error says why)
  std::string limit;                        // the limiting resource (first of the tied ones)
  std::vector<OccupancyLimit> limits;       // every resource, in the order smem, rf, ctas, warps
  uint64_t smem_window = 0, rf_window = 0;  // bytes each resident CTA may address
  uint64_t warps = 0;                       // warps per CTA
  std::string error;                        // a launch error sentence when ctas_per_sm == 0
};

Occupancy sm_occupancy(const TensorCoreSmConfig& sm, const CtaResources& cta);

}  // namespace npu::config
