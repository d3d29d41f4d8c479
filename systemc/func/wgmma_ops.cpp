// wgmma and epilogue semantics (see wgmma_ops.h).
#include "func/wgmma_ops.h"

#include <cstring>
#include <vector>

#include "func/fp16.h"
#include "func/simd.h"

namespace npu::func {
namespace {

// acc[0..n) += a * b[0..n): one ascending-k step for one output row.
NPU_FUNC_CLONES void axpy_f32(float* acc, float a, const float* b, size_t n) {
  for (size_t j = 0; j < n; ++j) acc[j] = acc[j] + a * b[j];
}

NPU_FUNC_CLONES void axpy_u32(uint32_t* acc, uint32_t a, const uint32_t* b, size_t n) {
  for (size_t j = 0; j < n; ++j) acc[j] = acc[j] + a * b[j];
}

}  // namespace

void wgmma_f16(float* c, size_t ldc, const uint16_t* a, size_t lda, const uint16_t* b, size_t ldb,
               size_t m, size_t n, size_t k, bool init) {
  thread_local std::vector<float> bf;
  bf.resize(k * n);
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) bf[kk * n + j] = f16_to_f32(b[kk * ldb + j]);
  }
  for (size_t i = 0; i < m; ++i) {
    float* row = c + i * ldc;
    if (init) std::fill(row, row + n, 0.0f);
    for (size_t kk = 0; kk < k; ++kk) axpy_f32(row, f16_to_f32(a[i * lda + kk]), &bf[kk * n], n);
  }
}

void wgmma_s8(int32_t* c, size_t ldc, const int8_t* a, size_t lda, const int8_t* b, size_t ldb,
              size_t m, size_t n, size_t k, bool init) {
  thread_local std::vector<uint32_t> bu;
  bu.resize(k * n);
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) {
      bu[kk * n + j] = static_cast<uint32_t>(static_cast<int32_t>(b[kk * ldb + j]));
    }
  }
  for (size_t i = 0; i < m; ++i) {
    auto* row = reinterpret_cast<uint32_t*>(c + i * ldc);
    if (init) std::fill(row, row + n, 0u);
    for (size_t kk = 0; kk < k; ++kk) {
      axpy_u32(row, static_cast<uint32_t>(static_cast<int32_t>(a[i * lda + kk])), &bu[kk * n], n);
    }
  }
}

void epi_f16(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols) {
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) {
      const uint16_t h = f32_to_f16(acc[i * acc_ld + j]);
      std::memcpy(dst + (i * ld + j) * 2, &h, 2);
    }
  }
}

void epi_f32(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols) {
  for (size_t i = 0; i < rows; ++i) std::memcpy(dst + i * ld * 4, acc + i * acc_ld, cols * 4);
}

void epi_s32(uint8_t* dst, size_t ld, const int32_t* acc, size_t acc_ld, size_t rows, size_t cols) {
  for (size_t i = 0; i < rows; ++i) std::memcpy(dst + i * ld * 4, acc + i * acc_ld, cols * 4);
}

}  // namespace npu::func
