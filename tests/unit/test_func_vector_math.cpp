// vexp / vln numerics: the documented bound (vector_math.h: within 0.5 + 2^-24 FP32 ulp of the
// exact value; FP16 forms within 0.5 + 2^-13 FP16 ulp) checked against long double libm on
// random FP32 inputs, dense sweeps of the reduced ranges and every FP16 input; specials exact.
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "func/fp16.h"
#include "func/vector_math.h"
#include "func/vector_ops.h"

namespace {

// ulp of the binade holding |x| in a format with `digits` significand bits whose normal range
// starts at 2^min_exp (below it, the subnormal spacing).
template <int kDigits, int kMinExp>
double ulp(long double x) {
  const long double a = std::fabs(x);
  if (a < std::ldexp(1.0L, kMinExp)) return std::ldexp(1.0, kMinExp - kDigits + 1);
  int e = 0;
  std::frexp(static_cast<double>(a), &e);
  return std::ldexp(1.0, e - kDigits);
}
constexpr auto ulp32 = ulp<24, -126>;
constexpr auto ulp16 = ulp<11, -14>;

// Error of got in ulps of the exact value; results past the format's range must be inf.
double err_ulps(float got, long double exact, double (*ulp)(long double), long double max) {
  if (std::fabs(exact) > max) return std::isinf(got) ? 0.0 : 1e9;
  if (std::isinf(got)) return 1e9;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp(exact));
}

constexpr long double kF32Overflow = 0x1.ffffffp127L;  // FLT_MAX + half an ulp
constexpr long double kF16Overflow = 65520.0L;
constexpr double kBound32 = 0.5 + 0x1p-24;
constexpr double kBound16 = 0.5 + 0x1p-13;

}  // namespace

TEST_CASE("func: vexp/vln fp32 are within 0.5 + 2^-24 ulp of the exact value", "[func][vector]") {
  std::mt19937_64 rng(11);
  std::vector<float> xs;
  for (int i = 0; i < 300000; ++i) xs.push_back(std::bit_cast<float>(static_cast<uint32_t>(rng())));
  for (float x = -104.0f; x < 89.0f; x += 0.0123f) xs.push_back(x);  // exp's whole range
  for (float x = 0.5f; x < 2.0f; x += 1.3e-5f) xs.push_back(x);      // ln near 1
  double worst_exp = 0, worst_ln = 0;
  for (float x : xs) {
    if (std::isnan(x)) continue;
    worst_exp = std::max(worst_exp, err_ulps(npu::func::exp_f32(x), expl(x), ulp32, kF32Overflow));
    if (x > 0 && !std::isinf(x)) {
      worst_ln = std::max(worst_ln, err_ulps(npu::func::ln_f32(x), logl(x), ulp32, kF32Overflow));
    }
  }
  INFO("worst exp " << worst_exp << " ulp, worst ln " << worst_ln << " ulp");
  CHECK(worst_exp <= kBound32);
  CHECK(worst_ln <= kBound32);
}

TEST_CASE("func: vexp/vln fp16 are within 0.5 + 2^-13 ulp for every input", "[func][vector]") {
  std::vector<uint16_t> all(0x10000), e(0x10000), l(0x10000);
  for (uint32_t h = 0; h < 0x10000; ++h) all[h] = static_cast<uint16_t>(h);
  npu::func::vec_f16(npu::func::VecOp::kExp, e.data(), all.data(), nullptr, all.size());
  npu::func::vec_f16(npu::func::VecOp::kLn, l.data(), all.data(), nullptr, all.size());
  double worst_exp = 0, worst_ln = 0;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float x = npu::func::f16_to_f32(static_cast<uint16_t>(h));
    if (std::isnan(x)) {
      CHECK(npu::func::f16_is_nan(e[h]));
      continue;
    }
    const float ge = npu::func::f16_to_f32(e[h]);
    worst_exp = std::max(worst_exp, err_ulps(ge, expl(x), ulp16, kF16Overflow));
    if (x > 0 && !std::isinf(x)) {
      worst_ln =
          std::max(worst_ln, err_ulps(npu::func::f16_to_f32(l[h]), logl(x), ulp16, kF16Overflow));
    }
  }
  INFO("worst exp " << worst_exp << " ulp, worst ln " << worst_ln << " ulp");
  CHECK(worst_exp <= kBound16);
  CHECK(worst_ln <= kBound16);
}

TEST_CASE("func: vexp/vln specials", "[func][vector]") {
  using npu::func::exp_f32;
  using npu::func::ln_f32;
  auto bits = [](float f) { return std::bit_cast<uint32_t>(f); };
  CHECK(exp_f32(INFINITY) == INFINITY);
  CHECK(bits(exp_f32(-INFINITY)) == bits(0.0f));
  CHECK(std::isnan(exp_f32(NAN)));
  CHECK(exp_f32(0.0f) == 1.0f);
  CHECK(exp_f32(-0.0f) == 1.0f);
  CHECK(exp_f32(89.0f) == INFINITY);
  CHECK(exp_f32(-103.0f) > 0.0f);  // gradual underflow to an FP32 subnormal
  CHECK(ln_f32(0.0f) == -INFINITY);
  CHECK(ln_f32(-0.0f) == -INFINITY);
  CHECK(std::isnan(ln_f32(-1.0f)));
  CHECK(std::isnan(ln_f32(NAN)));
  CHECK(ln_f32(INFINITY) == INFINITY);
  CHECK(bits(ln_f32(1.0f)) == bits(0.0f));
  CHECK(ln_f32(0x1p-149f) == Approx(-103.2789).epsilon(1e-6));
}
