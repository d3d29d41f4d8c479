// Reference INT8 GEMM, requantisation and integer comparison (see golden_int8.h).
#include "util/golden_int8.h"

#include <cmath>
#include <cstdlib>

namespace npu::tb {

std::vector<int32_t> gemm_golden_s8(const int8_t* a, const int8_t* b, const GemmShape& s) {
  std::vector<int32_t> out(s.m * s.n);
  gemm_golden_s8_rows(a, b, s, [&](size_t i0, size_t rows, const uint32_t* acc) {
    for (size_t x = 0; x < rows * s.n; ++x) out[i0 * s.n + x] = static_cast<int32_t>(acc[x]);
  });
  return out;
}

int8_t requant_golden(int32_t acc, float scale) {
  // float(acc): int32 -> FP32 rounds to nearest even; a product of two FP32 values is exact in
  // double, so rounding it to float once is the correctly rounded FP32 product.
  const double p = static_cast<double>(static_cast<float>(acc)) * static_cast<double>(scale);
  return s8_golden(static_cast<float>(p));
}

int8_t s8_golden(float pf) {
  if (pf != pf) return 0;
  if (pf >= 127.5f) return 127;  // also +inf; 127.5 itself ties to 128 (even) and saturates
  if (pf <= -128.5f) return -128;
  const double fl = std::floor(static_cast<double>(pf));
  const double frac = static_cast<double>(pf) - fl;
  double q = fl;
  if (frac > 0.5 || (frac == 0.5 && std::fmod(std::fabs(fl), 2.0) == 1.0)) q = fl + 1;
  if (q > 127) return 127;
  if (q < -128) return -128;
  return static_cast<int8_t>(q);
}

namespace {

template <typename T>
CompareResult compare_int(const T* expected, const T* got, size_t count) {
  CompareResult r;
  for (size_t i = 0; i < count; ++i) {
    if (expected[i] == got[i]) continue;
    if (r.mismatches++ == 0) {
      r.first_index = i;
      r.expected_bits = static_cast<uint32_t>(expected[i]);
      r.got_bits = static_cast<uint32_t>(got[i]);
    }
    const double err = std::fabs(static_cast<double>(expected[i]) - static_cast<double>(got[i]));
    if (err > r.max_abs_err) r.max_abs_err = err;
  }
  return r;
}

}  // namespace

CompareResult compare_s32(const int32_t* expected, const int32_t* got, size_t count) {
  return compare_int(expected, got, count);
}
CompareResult compare_s8(const int8_t* expected, const int8_t* got, size_t count) {
  return compare_int(expected, got, count);
}

}  // namespace npu::tb
