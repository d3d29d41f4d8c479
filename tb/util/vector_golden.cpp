// Vector kernel references (see vector_golden.h).
#include "util/vector_golden.h"

#include <algorithm>
#include <cmath>

#include "func/fp16.h"

namespace npu::tb {

namespace {

uint16_t round_to_f16(double v) { return func::f32_to_f16(static_cast<float>(v)); }

double ulp_f16(double v) {
  const double a = std::fabs(v);
  if (a < 0x1p-14) return 0x1p-24;
  int e = 0;
  std::frexp(a, &e);  // a in [2^(e-1), 2^e)
  return std::ldexp(1.0, e - 11);
}

}  // namespace

std::vector<uint16_t> eltwise_golden_f16(EltwiseOp op, const uint16_t* x, const uint16_t* y,
                                         size_t n) {
  std::vector<uint16_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    const double a = func::f16_to_f32(x[i]);
    if (op == EltwiseOp::kRelu) {
      out[i] = std::isnan(a) ? func::kF16QuietNan : a > 0 ? x[i] : uint16_t{0};
      continue;
    }
    const double b = func::f16_to_f32(y[i]);
    out[i] = round_to_f16(op == EltwiseOp::kAdd ? a + b : a * b);
  }
  return out;
}

std::vector<double> softmax_golden(const uint16_t* x, size_t rows, size_t cols) {
  std::vector<double> out(rows * cols);
  for (size_t r = 0; r < rows; ++r) {
    const uint16_t* row = x + r * cols;
    double* o = out.data() + r * cols;
    double mx = -INFINITY;
    bool nan = false;
    for (size_t c = 0; c < cols; ++c) {
      const double v = func::f16_to_f32(row[c]);
      nan = nan || std::isnan(v);
      mx = std::max(mx, v);
    }
    double sum = 0;
    for (size_t c = 0; c < cols; ++c) {
      o[c] = std::exp(static_cast<double>(func::f16_to_f32(row[c])) - mx);  // inf - inf = NaN
      sum += o[c];
    }
    for (size_t c = 0; c < cols; ++c) o[c] = nan ? NAN : o[c] / sum;
  }
  return out;
}

CompareResult compare_f16_ulp(const double* expected, const uint16_t* got, size_t count,
                              double ulps) {
  CompareResult r;
  for (size_t i = 0; i < count; ++i) {
    const double e = expected[i], g = func::f16_to_f32(got[i]);
    bool ok;
    if (std::isnan(e) || std::isnan(g)) {
      ok = std::isnan(e) && std::isnan(g);
    } else if (std::isinf(e) || std::isinf(g)) {
      ok = e == g;
    } else {
      ok = std::fabs(e - g) <= ulps * ulp_f16(e);
    }
    if (ok) continue;
    if (r.mismatches++ == 0) {
      r.first_index = i;
      r.expected_bits = round_to_f16(e);
      r.got_bits = got[i];
    }
    if (!std::isnan(e) && !std::isnan(g)) {
      r.max_abs_err =
          std::max(r.max_abs_err, std::isinf(e) || std::isinf(g) ? INFINITY : std::fabs(e - g));
    }
  }
  return r;
}

}  // namespace npu::tb
