// AVX-512 kernels (compiled with -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mf16c -mfma; called
// only when simd_level.h says the host has them). See mmad_kernels.h for the contracts.
#include <immintrin.h>

#include "func/mmad_kernels.h"

namespace npu::func::kernels {

namespace {

struct V512 {
  using T = __m512;
  static constexpr int kLanes = 16;
  static T zero() { return _mm512_setzero_ps(); }
  static T load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, T v) { _mm512_storeu_ps(p, v); }
  static T bcast(float x) { return _mm512_set1_ps(x); }
  static T fma(T a, T b, T c) { return _mm512_fmadd_ps(a, b, c); }
  static T mul(T a, T b) { return _mm512_mul_ps(a, b); }
  static T add(T a, T b) { return _mm512_add_ps(a, b); }
};

#include "func/mmad_f32_tile.h"

// R rows x J blocks of INT32 accumulators; per group of 4 k values one vpdpbusd per block.
template <int R, int J>
inline __attribute__((always_inline)) void s8_tile(const MmadS8Job& g, size_t i0, size_t jb0) {
  __m512i acc[R][J];
  int32_t* cb[J];
  const int8_t* bp[J];
  for (int j = 0; j < J; ++j) {
    cb[j] = g.c + (jb0 + j) * g.c_block_stride + i0 * 16;
    bp[j] = g.b + (jb0 + j) * g.kq * 64;
  }
  for (int j = 0; j < J; ++j) {
    const __m512i bias = _mm512_loadu_si512(g.bias + (jb0 + j) * 16);
    for (int r = 0; r < R; ++r) {
      acc[r][j] = g.init ? bias : _mm512_add_epi32(_mm512_loadu_si512(cb[j] + r * 16), bias);
    }
  }
  const uint8_t* ar = g.a + i0 * g.lda;
  for (size_t q = 0; q < g.kq; ++q) {
    __m512i bv[J];
    for (int j = 0; j < J; ++j) bv[j] = _mm512_loadu_si512(bp[j] + q * 64);
    for (int r = 0; r < R; ++r) {
      int32_t a4;
      __builtin_memcpy(&a4, ar + r * g.lda + q * 4, 4);
      const __m512i av = _mm512_set1_epi32(a4);
      for (int j = 0; j < J; ++j) acc[r][j] = _mm512_dpbusd_epi32(acc[r][j], av, bv[j]);
    }
  }
  for (int r = 0; r < R; ++r) {
    for (int j = 0; j < J; ++j) _mm512_storeu_si512(cb[j] + r * 16, acc[r][j]);
  }
}

template <int R, int J>
void s8_panel(const MmadS8Job& g, size_t jb0) {
  size_t i = g.row0;
  for (; i + R <= g.row1; i += R) s8_tile<R, J>(g, i, jb0);
  for (; i < g.row1; ++i) s8_tile<1, J>(g, i, jb0);
}

}  // namespace

void mmad_f32_avx512(const MmadF32Job& job, bool fused) {
  // 6 x 4 blocks: 24 of the 32 zmm registers accumulate, 4 hold B, one the broadcast A.
  if (fused) {
    f32_all<V512, 6, 4, true>(job);
  } else {
    f32_all<V512, 6, 4, false>(job);
  }
}

void mmad_s8_avx512_vnni(const MmadS8Job& job) {
  size_t jb = 0;
  for (; jb + 4 <= job.nb; jb += 4) s8_panel<6, 4>(job, jb);
  for (; jb < job.nb; ++jb) s8_panel<6, 1>(job, jb);
}

void widen_f16_avx512(const uint16_t* src, float* dst, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(
        dst + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i))));
  }
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(dst + i, m, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, src + i)));
  }
}

namespace {

// In place: r[a] element c becomes r[c] element a (16 x 16 FP32), in three shuffle stages.
inline __attribute__((always_inline)) void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; ++i) {  // t[2i] lane L: r2i[4L], r2i+1[4L], r2i[4L+1], r2i+1[4L+1]
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  __m512 u[16];  // u[4i + c] lane L: column 4L + c of rows 4i .. 4i + 3
  for (int i = 0; i < 4; ++i) {
    const __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 2]);
    const __m512d c = _mm512_castps_pd(t[4 * i + 1]), d = _mm512_castps_pd(t[4 * i + 3]);
    u[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
    u[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
    u[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(c, d));
    u[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(c, d));
  }
  for (int c = 0; c < 4; ++c) {  // gather the four row quads of each column lane by lane
    const __m512 v0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x44);
    const __m512 v1 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xee);
    const __m512 w0 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x44);
    const __m512 w1 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xee);
    r[c] = _mm512_shuffle_f32x4(v0, w0, 0x88);
    r[4 + c] = _mm512_shuffle_f32x4(v0, w0, 0xdd);
    r[8 + c] = _mm512_shuffle_f32x4(v1, w1, 0x88);
    r[12 + c] = _mm512_shuffle_f32x4(v1, w1, 0xdd);
  }
}

inline __m512 widen16(const uint16_t* p) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

}  // namespace

void pack_a_f16_avx512(const uint16_t* l0a, float* a, size_t m, size_t kf) {
  for (size_t i = 0; i < m; ++i) {
    const uint16_t* src = l0a + ((i / 16) * kf * 16 + i % 16) * 16;  // l0a_offset(i, 0, kf, 16)
    for (size_t kb = 0; kb < kf; ++kb) {
      _mm512_storeu_ps(a + (i * kf + kb) * 16, widen16(src + kb * 256));
    }
  }
}

void pack_b_f16_avx512(const uint16_t* l0b, float* b, size_t k, size_t nf) {
  const size_t kf = (k + 15) / 16;
  for (size_t kb = 0; kb < kf; ++kb) {
    const size_t rows = k - kb * 16 < 16 ? k - kb * 16 : 16;
    for (size_t jb = 0; jb < nf; ++jb) {
      const uint16_t* src = l0b + (kb * nf + jb) * 256;  // l0b_offset(kb * 16, jb * 16, nf, 16)
      __m512 r[16];
      for (int jj = 0; jj < 16; ++jj) r[jj] = widen16(src + jj * 16);  // column jj, 16 k values
      transpose16(r);
      float* dst = b + (jb * k + kb * 16) * 16;
      for (size_t x = 0; x < rows; ++x) _mm512_storeu_ps(dst + x * 16, r[x]);
    }
  }
}

void f32_to_f16_n_avx512(const float* src, uint16_t* dst, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i h =
        _mm512_maskz_cvtps_ph(0xffff, _mm512_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), h);
  }
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1u);
    const __m256i h =
        _mm512_maskz_cvtps_ph(m, _mm512_maskz_loadu_ps(m, src + i), _MM_FROUND_TO_NEAREST_INT);
    _mm256_mask_storeu_epi16(dst + i, m, h);
  }
}

}  // namespace npu::func::kernels
