// AVX2 kernels (compiled with -mavx2 -mfma -mf16c; called only when simd_level.h says the host
// has them). See mmad_kernels.h for the contracts.
#include <immintrin.h>

#include "func/mmad_kernels.h"

namespace npu::func::kernels {

namespace {

struct V256 {
  using T = __m256;
  static constexpr int kLanes = 8;
  static T zero() { return _mm256_setzero_ps(); }
  static T load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, T v) { _mm256_storeu_ps(p, v); }
  static T bcast(float x) { return _mm256_set1_ps(x); }
  static T fma(T a, T b, T c) { return _mm256_fmadd_ps(a, b, c); }
  static T mul(T a, T b) { return _mm256_mul_ps(a, b); }
  static T add(T a, T b) { return _mm256_add_ps(a, b); }
};

#include "func/mmad_f32_tile.h"

}  // namespace

void mmad_f32_avx2(const MmadF32Job& job, bool fused) {
  // 6 rows x 1 block (2 ymm): 12 of the 16 ymm registers accumulate.
  if (fused) {
    f32_all<V256, 6, 1, true>(job);
  } else {
    f32_all<V256, 6, 1, false>(job);
  }
}

void widen_f16_avx2(const uint16_t* src, float* dst, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(dst + i,
                     _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i))));
  }
  for (; i < n; ++i) {
    uint16_t one[8] = {src[i]};
    float out[8];
    _mm256_storeu_ps(out, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(one))));
    dst[i] = out[0];
  }
}

void f32_to_f16_n_avx2(const float* src, uint16_t* dst, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), h);
  }
  for (; i < n; ++i) {  // the tail through a zero-padded vector (one conversion, same rounding)
    float one[8] = {src[i]};
    uint16_t out[8];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                     _mm256_cvtps_ph(_mm256_loadu_ps(one), _MM_FROUND_TO_NEAREST_INT));
    dst[i] = out[0];
  }
}

}  // namespace npu::func::kernels
