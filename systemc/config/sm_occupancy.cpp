// Occupancy of a tensor-core launch (see sm_occupancy.h).
#include "config/sm_occupancy.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::config {

Occupancy sm_occupancy(const TensorCoreSmConfig& sm, const CtaResources& cta) {
  Occupancy o;
  const uint64_t threads = cta.threads.value_or(kThreadsPerRole * std::max<uint32_t>(cta.roles, 1));
  o.warps = (threads + kWarpThreads - 1) / kWarpThreads;
  o.smem_window = cta.smem_bytes.value_or(sm.smem.bytes);
  o.rf_window = cta.rf_bytes.value_or(sm.rf.bytes);
  const uint64_t smem_claim =
      cta.smem_bytes ? *cta.smem_bytes + sm.smem_reserved_per_cta : sm.smem.bytes;
  auto admits = [](uint64_t have, uint64_t need) { return need == 0 ? kUnlimited : have / need; };
  o.limits = {
      {"smem", smem_claim, sm.smem.bytes, admits(sm.smem.bytes, smem_claim)},
      {"rf", o.rf_window, sm.rf.bytes, admits(sm.rf.bytes, o.rf_window)},
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
