// Host tiling data (see host_tiling.h).
#include "npuemu/host_tiling.h"

#include <algorithm>
#include <vector>

#include "config/sm_occupancy.h"

namespace npu::tb {

std::vector<std::pair<std::string, uint64_t>> host_tiling(const config::ChipConfig& cfg,
                                                          const std::string& workload,
                                                          const std::string& dtype) {
  std::vector<std::pair<std::string, uint64_t>> out;
  if (workload == "gemm" && dtype == "fp16") {
    // gemm_fp16.s: one FP32 accumulator of TILE_M x 256 in L0C, not double-buffered (pto-isa's
    // a2a3 GEMM): 256 rows on the seed chip (256 KiB L0C), 128 on ascend910b2 (128 KiB).
    out = {{"TILE_M", std::clamp<uint64_t>(cfg.core.l0c.bytes / (256 * 4) / 16 * 16, 16, 256)}};
  }
  if (workload == "gemm" && dtype == "int8") {
    constexpr uint64_t kTileN = 256, kStep = 128, kMinRows = 128;
    const uint64_t acc_row = kTileN * 4;  // bytes of one INT32 accumulator row
    // Two accumulators of at least kMinRows rows when they fit, else one as large as fits.
    const uint64_t bufs = cfg.core.l0c.bytes / (2 * acc_row) >= kMinRows ? 2 : 1;
    const uint64_t tm =
        std::clamp<uint64_t>(cfg.core.l0c.bytes / (bufs * acc_row) / 16 * 16, 16, 256);
    // Chunks above 512 put cores x 2 slots x (TILE_M + 256) x TILE_KC bytes in flight at once,
    // past what the L2 keeps for the sibling cores that re-read the same A/B panels (a sweep of
    // 256..1024 at 4096^3 on the seed config peaks at 512: this is a kernel tiling choice).
    constexpr uint64_t kMaxChunk = 512;
    const uint64_t kc = std::clamp<uint64_t>(cfg.core.l1.bytes / 2 / (tm + kTileN) / kStep * kStep,
                                             kStep, kMaxChunk);
    out = {{"TILE_M", tm}, {"TILE_KC", kc}, {"L0C_BUFS", bufs}};
  }
  if (workload == "gemm" && dtype == "fp16") {
    // One FP32 accumulator of TILE_M x 256 in L0C (gemm_fp16_trans.s).
    out = {{"TILE_M", std::clamp<uint64_t>(cfg.core.l0c.bytes / (256 * 4) / 16 * 16, 16, 256)}};
  }
  return out;
}

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// Estimated cycles of gemm_fp16.s with tiles of tm x tn in clusters of c CTAs along M
// (see host_tiling.h).
double fp16_estimate(const config::ChipConfig& cfg, uint64_t m, uint64_t n, uint64_t k, uint64_t tm,
                     uint64_t tn, uint32_t c, uint32_t sms, double freq_mhz, uint64_t* units_out) {
  constexpr uint64_t kChunk = 64, kIn = 2, kOut = 2, kWarpgroupRows = 64;
  constexpr double kStages = 4;  // gemm_fp16.s's SMEM ring
  const config::TensorCoreSmConfig& sc = cfg.sm;
  const uint64_t units = ceil_div(ceil_div(m, tm), c) * ceil_div(n, tn);  // clusters of work
  const uint64_t groups = sms / c;
  const uint64_t active = std::min<uint64_t>(units, groups) * c;
  const double l2_per_cycle = cfg.memory.hbm_bytes_per_second * cfg.memory.l2_bandwidth_ratio /
                              (freq_mhz * 1e6) / static_cast<double>(active);
  const double compute = static_cast<double>(tm * tn * kChunk) / sc.tensor_macs_f16;
  // Every SM's ingress port takes its whole A + B chunk. With multicast, a part runs at the rate
  // of its busier destination port: while the peers' parts stream into this SM its own part
  // waits behind them, about half of the time (the pair's TMA engines are not in phase).
  const double own_part = static_cast<double>(tn * kChunk * kIn) / static_cast<double>(c);
  const double ingress =
      static_cast<double>((tm + tn) * kChunk * kIn) + (c > 1 ? own_part / 2 : 0.0);
  const double l2_reads = static_cast<double>(tm * kChunk * kIn) +
                          static_cast<double>(tn * kChunk * kIn) / static_cast<double>(c);
  // A cluster advances in lockstep: a stage is refilled only when the consumers of every CTA
  // have freed it, the remote ones sm.cluster.latency later; spread over the STAGES stages in
  // flight, that delays each chunk by latency / STAGES.
  const double lockstep = c > 1 ? sc.cluster_latency_cycles / kStages : 0;
  // The SMEM port carries the TMA writes of the whole A + B chunk and each consumer's wgmma
  // operand reads (its 64 rows of A and all of B per k-step): their sum at sm.smem.bandwidth.
  constexpr uint64_t kStep = 16;  // K of one wgmma
  const double smem_bytes = static_cast<double>((tm + tn) * kChunk * kIn) +
                            static_cast<double>((tm / kWarpgroupRows) * (kChunk / kStep) *
                                                (kWarpgroupRows + tn) * kStep * kIn);
  const double chunk = std::max({compute, ingress / sc.tma_port_bytes_per_cycle,
                                 l2_reads / l2_per_cycle, smem_bytes / sc.smem_bytes_per_cycle}) +
                       lockstep;
  const double rows = static_cast<double>(kWarpgroupRows * tn);  // one consumer's accumulator
  const double epilogue = static_cast<double>(tm / kWarpgroupRows) *
                          (sc.simt_head_cycles + rows / sc.simt_elems_per_cycle +
                           rows * kOut / sc.simt_port_bytes_per_cycle);
  *units_out = units;
  return static_cast<double>(ceil_div(units, groups)) *
         (static_cast<double>(ceil_div(k, kChunk)) * chunk + epilogue);
}

// Per-CTA claims of gemm_fp16.s / gemm_int8.s with the plan's tile (see host_tiling.h); false
// when a consumer's accumulators do not fit the registers a thread of such a CTA can have.
bool set_cta_claims(const config::ChipConfig& cfg, TensorCoreGemmPlan& p, bool s8) {
  constexpr uint64_t kWarpgroupRows = 64, kRegOverhead = 40;
  const uint64_t stages = s8 ? 3 : 4, chunk_bytes = s8 ? 128 : 64 * 2;  // K chunk x element
  const uint64_t consumers = p.tile_m / kWarpgroupRows;
  p.smem_bytes = stages * (p.tile_m + p.tile_n) * chunk_bytes;
  p.threads = (1 + consumers) * config::kThreadsPerRole;
  const uint64_t acc_regs = p.tile_n / 2;  // 64 x TILE_N FP32 over a warpgroup's 128 threads
  const uint64_t cap = config::max_regs_per_thread(cfg.sm, p.threads / config::kWarpThreads);
  p.regs = std::min(acc_regs + kRegOverhead, cap);
  return acc_regs <= cap;
}

}  // namespace

TensorCoreGemmPlan tensorcore_gemm_plan(const config::ChipConfig& cfg, const std::string& dtype,
                                        uint64_t m, uint64_t n, uint64_t k, uint32_t sms,
                                        double freq_mhz, uint32_t cluster) {
  TensorCoreGemmPlan p;
  sms = std::max<uint32_t>(sms, 1);
  m = std::max<uint64_t>(m, 1);
  n = std::max<uint64_t>(n, 1);
  if (dtype == "int8") {
    p.tile_m = 128;
    p.tile_n = 256;
    p.grid =
        static_cast<uint32_t>(std::min<uint64_t>(ceil_div(m, 128) * ceil_div(n, 256), 1u << 30));
    p.cluster = std::max<uint32_t>(cluster, 1);
    set_cta_claims(cfg, p, true);
    return p;
  }
  std::vector<uint32_t> clusters;
  if (cluster > 0) {
    clusters = {cluster};
  } else {
    clusters = {1};
    if (cfg.sm.cluster_max >= 2 && sms >= 2) clusters.push_back(2);
  }
  bool first = true;
  for (uint32_t c : clusters) {
    if (c > sms) continue;  // the launch reports it
    for (uint64_t tm : {128, 192}) {
      for (uint64_t tn : {256, 192, 128}) {
        uint64_t units = 0;
        const double est = fp16_estimate(cfg, m, n, k, tm, tn, c, sms, freq_mhz, &units);
        TensorCoreGemmPlan t;
        t.tile_m = tm;
        t.tile_n = tn;
        t.grid = static_cast<uint32_t>(std::min<uint64_t>(units, sms / c) * c);
        t.est_cycles = est;
        t.cluster = c;
        if (!set_cta_claims(cfg, t, false)) continue;  // its accumulators exceed the registers
        if (first || est < p.est_cycles) {
          p = t;
          first = false;
        }
      }
    }
  }
  if (first) p.cluster = cluster;  // more CTAs per cluster than SMs: the launch refuses it
  set_cta_claims(cfg, p, false);
  return p;
}

}  // namespace npu::tb
