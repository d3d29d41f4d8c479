// Host tiling data (see host_tiling.h).
#include "npuemu/host_tiling.h"

#include <algorithm>

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

}  // namespace npu::tb
