// Occupancy of a tensor-core launch (see sm_occupancy.h).
#include "config/sm_occupancy.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::config {

namespace {

uint64_t round_up(uint64_t v, uint64_t unit) { return (v + unit - 1) / unit * unit; }

// The RF limit of a CTA that declares registers per thread, as cuda_occupancy.h's
// cudaOccMaxBlocksPerSMRegsLimit (partitioned global caching off) computes it; fills o.regs_*
// and o.rf_window, and sets `why` when the CTA cannot fit even alone.
OccupancyLimit regs_limit(const TensorCoreSmConfig& sm, uint64_t regs, Occupancy& o,
                          std::string& why) {
  const uint64_t parts = sm.rf_sub_partitions;
  o.regs_per_thread = regs;
  o.regs_per_warp = round_up(regs * kWarpThreads, sm.rf_alloc_unit);
  o.regs_per_cta = o.regs_per_warp * o.warps;
  o.rf_window = o.regs_per_cta * 4;
  // the hardware's per-CTA check assumes the warps spread over every sub-partition
  const uint64_t checked = o.regs_per_warp * round_up(o.warps, parts);
  OccupancyLimit l{"rf", o.rf_window, sm.rf.bytes, 0};
  if (regs > sm.rf_max_per_thread) {
    why = fmt::format(
        "a thread declares {} registers (.regs) but may have at most {} (sm.rf.max_per_thread)",
        regs, sm.rf_max_per_thread);
  } else if (std::max(checked, o.regs_per_cta) > sm.rf_max_per_cta) {
    why = fmt::format(
        "a CTA needs {} registers ({} per thread, {} per warp in units of {}, x {} warps; "
        "{} warps as the hardware checks over {} sub-partitions) but a CTA may have at most {} "
        "(sm.rf.max_per_cta): it cannot run even alone",
        std::max(checked, o.regs_per_cta), regs, o.regs_per_warp, sm.rf_alloc_unit, o.warps,
        round_up(o.warps, parts), parts, sm.rf_max_per_cta);
  } else if (o.regs_per_warp == 0) {
    l.ctas = kUnlimited;
  } else {
    // a warp's registers live in one sub-partition: each holds a whole number of warps
    const uint64_t warps_per_sm = sm.rf.bytes / 4 / parts / o.regs_per_warp * parts;
    l.ctas = warps_per_sm / o.warps;
    if (l.ctas == 0) {
      why = fmt::format(
          "a CTA's {} warps of {} registers each do not fit an SM's {} registers ({} warps in {} "
          "sub-partitions, sm.rf.size): it cannot run even alone",
          o.warps, o.regs_per_warp, sm.rf.bytes / 4, warps_per_sm, parts);
    }
  }
  return l;
}

}  // namespace

uint64_t max_regs_per_thread(const TensorCoreSmConfig& sm, uint64_t warps) {
  const uint64_t parts = sm.rf_sub_partitions, unit = sm.rf_alloc_unit;
  if (warps == 0) return sm.rf_max_per_thread;
  const uint64_t cta = std::min<uint64_t>(sm.rf_max_per_cta, sm.rf.bytes / 4);
  const uint64_t per_warp = cta / round_up(warps, parts) / unit * unit;
  return std::min<uint64_t>(sm.rf_max_per_thread, per_warp / kWarpThreads);
}

Occupancy sm_occupancy(const TensorCoreSmConfig& sm, const CtaResources& cta) {
  Occupancy o;
  const uint64_t threads = cta.threads.value_or(kThreadsPerRole * std::max<uint32_t>(cta.roles, 1));
  o.warps = (threads + kWarpThreads - 1) / kWarpThreads;
  o.smem_window = cta.smem_bytes.value_or(sm.smem.bytes);
  o.rf_window = cta.rf_bytes.value_or(sm.rf.bytes);
  const uint64_t smem_claim =
      cta.smem_bytes ? *cta.smem_bytes + sm.smem_reserved_per_cta : sm.smem.bytes;
  auto admits = [](uint64_t have, uint64_t need) { return need == 0 ? kUnlimited : have / need; };
  std::string regs_error;
  o.limits = {
      {"smem", smem_claim, sm.smem.bytes, admits(sm.smem.bytes, smem_claim)},
      cta.regs ? regs_limit(sm, *cta.regs, o, regs_error)
               : OccupancyLimit{"rf", o.rf_window, sm.rf.bytes, admits(sm.rf.bytes, o.rf_window)},
      {"ctas", 1, sm.max_ctas, sm.max_ctas},
      {"warps", o.warps, sm.max_warps, admits(sm.max_warps, o.warps)},
  };
  uint64_t best = kUnlimited;
  for (const OccupancyLimit& l : o.limits) {
    if (l.ctas < best) {
      best = l.ctas;
      o.limit = l.resource;
    }
  }
  if (threads < uint64_t{cta.roles} * kWarpThreads) {
    o.error = fmt::format(
        "the CTA declares {} threads (.threads) for {} warp roles: each role is "
        "at least one warp of {} threads",
        threads, cta.roles, kWarpThreads);
    return o;
  }
  if (!regs_error.empty()) {
    o.limit = "rf";
    o.error = regs_error;
    return o;
  }
  if (best == 0) {
    const char* what = o.limit == "smem" ? "shared memory (.smem + sm.smem.reserved_per_cta)"
                       : o.limit == "rf" ? "register file (.rf)"
                                         : "warps (.threads / 32)";
    const char* key = o.limit == "smem" ? "sm.smem.size"
                      : o.limit == "rf" ? "sm.rf.size"
                                        : "sm.max_warps";
    const OccupancyLimit& l =
        *std::find_if(o.limits.begin(), o.limits.end(),
                      [&](const OccupancyLimit& x) { return x.resource == o.limit; });
    o.error = fmt::format("a CTA needs {} {} of {} but an SM has {} ({}): it cannot run even alone",
                          l.per_cta, o.limit == "warps" ? "warps" : "bytes", what, l.per_sm, key);
    return o;
  }
  o.ctas_per_sm = static_cast<uint32_t>(best);
  return o;
}

}  // namespace npu::config
