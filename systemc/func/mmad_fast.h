// Internal to npu_func: MMAD through the vector kernels of mmad_kernels.h at the level
// simd_level() selects, split by rows over the worker pool. Same contract as cube_ops.h's
// mmad_*; each returns false (and does nothing) when no vector kernel applies at the current
// level, and the caller then runs the portable definition.
#pragma once

#include <cstddef>
#include <cstdint>

namespace npu::func {

bool mmad_f16_fast(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
                   size_t n, bool init);
bool mmad_bf16_fast(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
                    size_t n, bool init);
bool mmad_s8_fast(int32_t* c_l0c, const int8_t* a_l0a, const int8_t* b_l0b, size_t m, size_t k,
                  size_t n, bool init);

}  // namespace npu::func
