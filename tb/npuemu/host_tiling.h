// Host tiling data: kernel parameters derived from the chip's buffer sizes, as Ascend's host-side
// tiling functions compute them and pass them to the kernel (TCubeTiling and friends).
//
// Kernels that declare one of these parameters get it bound; kernels that do not are unaffected.
// Each value is a pure function of the config (never of a measurement).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "config/chip_config.h"

namespace npu::tb {

// (parameter name, value) pairs for `workload` with input `dtype`:
//   gemm fp16: TILE_M  = rows of the output tile: the largest multiple of 16 up to 256 with one
//                        FP32 accumulator of TILE_M x 256 fitting L0C;
//   gemm int8: L0C_BUFS = 2 when two INT32 accumulators of 128 x 256 fit L0C, else 1;
//              TILE_M  = rows of the output tile: the largest multiple of 16 up to 256 with
//                        L0C_BUFS accumulators of TILE_M x 256 INT32 fitting L0C;
//              TILE_KC = K chunk: the largest multiple of 128 up to 512 with two L1 slots of
//                        (TILE_M + 256) x TILE_KC bytes fitting L1.
//   gemm fp16: TILE_M  = the largest multiple of 16 up to 256 whose TILE_M x 256 FP32
//                        accumulator fits L0C.
std::vector<std::pair<std::string, uint64_t>> host_tiling(const config::ChipConfig& cfg,
                                                          const std::string& workload,
                                                          const std::string& dtype);

// The launch of a tensor-core GEMM (firmware/kernels/tensorcore/gemm_*.s), as a library's host
// code picks it: the output tile TILE_M x TILE_N (TILE_M / 64 consumer warpgroups) and the grid.
//   fp16 (gemm_fp16.s, persistent like cuBLAS's kernels): the tile from {128, 192} x
//        {256, 192, 128} with the fewest estimated cycles: waves = ceil(tiles / SMs), each tile
//        ceil(K / 64) chunks of max(MACs / sm.tensor.macs_f16, bytes / the SM's share of the L2
//        bandwidth among the active SMs (capped at sm.tma.port), SMEM bytes (the TMA writes of
//        the A + B chunk plus every consumer's wgmma A and B reads) / sm.smem.bandwidth) plus its
//        epilogue; ties go to
//        the tile tried first (128 rows, widest). Grid: min(tiles, SMs).
//        Clusters: cluster 1 and 2 (when sm.cluster.max and the SMs allow) are estimated alike;
//        with 2, the CTA pair along M shares the B tile through TMA multicast: work goes out in
//        pairs of tiles (ceil(tiles_m / 2) x tiles_n) to SM pairs, each SM's ingress still takes
//        its whole A + B chunk at sm.tma.port, plus half its own multicast part again (a part
//        waits for the busier of the two ports), but its L2 reads are A + B / 2; the pair runs
//        in lockstep, each chunk sm.cluster.latency / 4 (stages) later. Ties go to cluster 1. Grid:
//        min(pairs, SMs / 2) x 2.
//   int8 (gemm_int8.s, launched as the measured Triton kernel is): 128 x 256, one CTA per tile.
//   cluster > 0 forces that cluster size (fp16: 1 or 2 are estimated; int8 takes it as given).
// What each CTA claims follows from the tile and the kernel's layout (its header comment):
// SMEM = stages x (TILE_M + TILE_N) x K chunk x element bytes; threads = a warpgroup per role
// (producer + TILE_M / 64 consumers); registers per thread (.regs) = a consumer's accumulators
// (64 x TILE_N FP32 over 128 threads: TILE_N / 2) + 40 for addresses, loop state and the
// epilogue (G: CUTLASS gives its Hopper producer warpgroup, which holds only those, 40), capped
// at what a thread of a CTA this size can have (config::max_regs_per_thread: 128 at 512 threads;
// on the card such kernels move the producer's registers to the consumers with setmaxnreg, which
// the model does not have). At 128 x 256 this is 168 x 384 threads, what ncu reports for cuBLAS's
// nvjet kernels (docs/measurements/ncu_gemm). A tile whose accumulators exceed the cap is not
// planned (the consumer would fault at its wgmma).
struct TensorCoreGemmPlan {
  uint64_t tile_m = 128;
  uint64_t tile_n = 256;
  uint32_t grid = 1;
  double est_cycles = 0;                           // the estimate of the chosen tile (fp16)
  uint64_t smem_bytes = 0, threads = 0, regs = 0;  // per CTA; regs per thread
  uint32_t cluster = 1;                            // CTAs per thread-block cluster
};
TensorCoreGemmPlan tensorcore_gemm_plan(const config::ChipConfig& cfg, const std::string& dtype,
                                        uint64_t m, uint64_t n, uint64_t k, uint32_t sms,
                                        double freq_mhz, uint32_t cluster = 0);

}  // namespace npu::tb
