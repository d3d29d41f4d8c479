// Reference GEMM and comparison (see golden.h). The GEMM unpacks A and B to FP32 row-major and
// runs an i-k-j loop with an FP32 row accumulator: per output the adds stay in ascending k.
//
// Single-threaded; fast enough for checking kernels of a few GFLOP in tests.
#include "util/golden.h"

#include <bit>
#include <cmath>

#include "func/fp16.h"

namespace npu::tb {

std::vector<float> gemm_golden_f16_acc(const uint16_t* a, const uint16_t* b, const GemmShape& s) {
  const size_t m = s.m, n = s.n, k = s.k;
  std::vector<float> af(m * k), bf(k * n), c(m * n, 0.0f);
  for (size_t i = 0; i < m; ++i) {
    for (size_t kk = 0; kk < k; ++kk) {
      af[i * k + kk] = func::f16_to_f32(s.ta ? a[kk * m + i] : a[i * k + kk]);
    }
  }
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) {
      bf[kk * n + j] = func::f16_to_f32(s.tb ? b[j * k + kk] : b[kk * n + j]);
    }
  }
  for (size_t i = 0; i < m; ++i) {
    float* __restrict row = c.data() + i * n;
    for (size_t kk = 0; kk < k; ++kk) {
      const float x = af[i * k + kk];
      const float* __restrict brow = bf.data() + kk * n;
      for (size_t j = 0; j < n; ++j) {
        row[j] = row[j] + x * brow[j];
      }
    }
  }
  return c;
}

std::vector<uint16_t> gemm_golden_f16(const uint16_t* a, const uint16_t* b, const GemmShape& s) {
  const std::vector<float> acc = gemm_golden_f16_acc(a, b, s);
  std::vector<uint16_t> out(acc.size());
  func::f32_to_f16_n(acc.data(), out.data(), acc.size());
  return out;
}

namespace {

void note(CompareResult& r, size_t i, uint32_t e_bits, uint32_t g_bits, double e, double g) {
  if (r.mismatches++ == 0) {
    r.first_index = i;
    r.expected_bits = e_bits;
    r.got_bits = g_bits;
  }
  if (!std::isnan(e) && !std::isnan(g)) {
    const double err = std::isinf(e) || std::isinf(g) ? INFINITY : std::fabs(e - g);
    if (err > r.max_abs_err) {
      r.max_abs_err = err;
    }
  }
}

}  // namespace

CompareResult compare_f16(const uint16_t* expected, const uint16_t* got, size_t count) {
  CompareResult r;
  for (size_t i = 0; i < count; ++i) {
    const uint16_t e = expected[i], g = got[i];
    if (e == g || (func::f16_is_nan(e) && func::f16_is_nan(g))) {
      continue;
    }
    note(r, i, e, g, func::f16_to_f32(e), func::f16_to_f32(g));
  }
  return r;
}

CompareResult compare_f32(const float* expected, const float* got, size_t count) {
  CompareResult r;
  for (size_t i = 0; i < count; ++i) {
    const uint32_t e = std::bit_cast<uint32_t>(expected[i]);
    const uint32_t g = std::bit_cast<uint32_t>(got[i]);
    if (e == g || (std::isnan(expected[i]) && std::isnan(got[i]))) {
      continue;
    }
    note(r, i, e, g, expected[i], got[i]);
  }
  return r;
}

}  // namespace npu::tb
