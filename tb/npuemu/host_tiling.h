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

}  // namespace npu::tb
