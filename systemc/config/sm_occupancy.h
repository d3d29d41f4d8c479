// Occupancy of a tensor-core launch: how many CTAs of a kernel an SM holds at once, as the CUDA
// occupancy calculator computes it. A CTA claims its declared SMEM (plus the per-CTA system
// reservation), its register-file bytes and its warps; the SM holds as many as every resource
// and the resident-CTA limit allow. Pure arithmetic on the chip config (no SystemC).
//
// Registers: a kernel that declares registers per thread (.regs) is allocated as the calculator
// allocates it (cuda_occupancy.h cudaOccMaxBlocksPerSMRegsLimit): a warp gets its 32 threads'
// registers rounded up to sm.rf.alloc_unit, in one of sm.rf.sub_partitions RF slices; a CTA fits
// when its warps' registers, with the warp count rounded up to the slices as the hardware checks,
// stay within sm.rf.max_per_cta. A kernel with only a byte claim (.rf) claims those bytes, no
// granularity. SMEM's 128-byte allocation unit is not modelled.
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
// Registers per thread (regs), when given, define the RF claim and window; rf_bytes is then
// ignored (the image and the launch never carry both).
struct CtaResources {
  std::optional<uint64_t> smem_bytes, rf_bytes, threads;
  uint32_t roles = 1;                 // warp roles (control threads) of the CTA
  std::optional<uint64_t> regs = {};  // 32-bit registers per thread (.regs)
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
  // With .regs: registers per thread as declared, per warp as allocated (rounded up to the
  // allocation unit) and per CTA (per warp x warps); all 0 without .regs.
  uint64_t regs_per_thread = 0, regs_per_warp = 0, regs_per_cta = 0;
  std::string error;                        // a launch error sentence when ctas_per_sm == 0
};

Occupancy sm_occupancy(const TensorCoreSmConfig& sm, const CtaResources& cta);

// The most registers per thread a CTA of `warps` warps can declare and still run (alone) on an
// SM: the per-thread maximum, the per-CTA check with the warps rounded up to the sub-partitions,
// and the RF, at the per-warp allocation unit. 0 when not even one register fits.
uint64_t max_regs_per_thread(const TensorCoreSmConfig& sm, uint64_t warps);

}  // namespace npu::config
