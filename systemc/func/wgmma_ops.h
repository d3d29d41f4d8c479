// Tensor-core (wgmma) and epilogue semantics on row-major tiles: the arithmetic of the tensor-core
// family, bit-exact to the numerics contract of DESIGN section 6 (same as the DaVinci cube's).
//
// Tiles are row-major with explicit row pitches in elements: A[m x k] (pitch lda), B[k x n]
// (pitch ldb), the accumulator C[m x n] (pitch ldc). The SystemC model bounds-checks every
// footprint first (wgmma_extent); these functions trust their arguments. Deliberately ignores
// SMEM swizzles and the K-major-only rule of real 8-bit wgmma: B may be N-major for every dtype.
#pragma once

#include <cstddef>
#include <cstdint>

namespace npu::func {

// Elements spanned by a row-major tile of rows x cols with row pitch ld (0 when empty).
inline size_t tile_extent(size_t rows, size_t cols, size_t ld) {
  return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
}

// For i < m, j < n: acc = init ? +0.0f : C[i][j]; then for kk = 0..k-1 ascending
// acc = acc + float(A[i][kk]) * float(B[kk][j]) (exact products, FP32 RNE adds, no FMA).
void wgmma_f16(float* c, size_t ldc, const uint16_t* a, size_t lda, const uint16_t* b, size_t ldb,
               size_t m, size_t n, size_t k, bool init);
// INT8 x INT8 -> INT32, two's-complement wrap-around.
void wgmma_s8(int32_t* c, size_t ldc, const int8_t* a, size_t lda, const int8_t* b, size_t ldb,
              size_t m, size_t n, size_t k, bool init);

// Epilogue stores: accumulator tile [rows x cols] (pitch acc_ld) -> row-major dst (pitch ld).
void epi_f16(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols);
void epi_f32(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols);
void epi_s32(uint8_t* dst, size_t ld, const int32_t* acc, size_t acc_ld, size_t rows, size_t cols);

}  // namespace npu::func
