// Epilogue scaling (func/epilogue_scale.h, DESIGN section 6): C = alpha * acc + beta * C_in with
// the documented rounding order, zero factors dropping their operand, C_in untouched when
// beta = 0, IEEE specials, FP16 overflow, the INT8 path equal to the FIX requantisation, and the
// testbench's separately written golden (tb/util/golden_scale.cpp) agreeing bit for bit.
#include <array>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "func/cube_ops.h"
#include "func/epilogue_scale.h"
#include "func/fp16.h"
#include "util/golden_int8.h"
#include "util/golden_scale.h"

namespace {

using npu::func::epi_scaled;
using npu::func::EpiScale;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }

}  // namespace

TEST_CASE("alpha * acc + beta * c rounds both products, then the sum (no FMA)",
          "[func][epilogue]") {
  // a * acc = 1 + 2^-22 + 2^-46 exactly: FP32 keeps 1 + 2^-22, so subtracting that gives 0; an
  // FMA would keep the 2^-46.
  const float a = 1.0f + 0x1p-23f, acc = 1.0f + 0x1p-23f;
  const float got = epi_scaled(acc, 1.0f + 0x1p-22f, EpiScale{a, -1.0f});
  CHECK(got == 0.0f);
  CHECK(npu::tb::scaled_golden(acc, 1.0f + 0x1p-22f, a, -1.0f) == 0.0f);
  CHECK(std::fma(a, acc, -(1.0f + 0x1p-22f)) != 0.0f);  // what an FMA would have given
}

TEST_CASE("beta = 0 ignores C_in, also NaN and inf there, and never reads it", "[func][epilogue]") {
  CHECK(bits(epi_scaled(3.0f, kNaN, EpiScale{2.0f, 0.0f})) == bits(6.0f));
  CHECK(bits(epi_scaled(3.0f, kInf, EpiScale{2.0f, -0.0f})) == bits(6.0f));
  CHECK_FALSE(EpiScale{1.0f, -0.0f}.reads_c());
  CHECK(EpiScale{1.0f, kNaN}.reads_c());
  // the tile functions leave a C_in of NaN (FP16 0x7e00) out of the result
  std::vector<uint16_t> c(4, 0x7e00);
  const float acc[4] = {1.0f, -2.0f, 0.5f, 65504.0f};
  npu::func::epi_ab_f16(reinterpret_cast<uint8_t*>(c.data()), 4, acc, 4, 1, 4, {1.0f, 0.0f});
  for (int j = 0; j < 4; ++j) CHECK(c[j] == npu::func::f32_to_f16(acc[j]));
}

TEST_CASE("alpha = 0 ignores the accumulator, both zero give +0", "[func][epilogue]") {
  CHECK(bits(epi_scaled(kNaN, 2.0f, EpiScale{0.0f, 3.0f})) == bits(6.0f));
  CHECK(bits(epi_scaled(kInf, -1.0f, EpiScale{-0.0f, 1.0f})) == bits(-1.0f));
  CHECK(bits(epi_scaled(kInf, kNaN, EpiScale{0.0f, 0.0f})) == bits(0.0f));
  CHECK(bits(epi_scaled(-5.0f, kNaN, EpiScale{0.0f, 0.0f})) == 0u);  // +0, not -0
}

TEST_CASE("NaN and inf propagate per IEEE 754 otherwise", "[func][epilogue]") {
  CHECK(std::isnan(epi_scaled(kNaN, 1.0f, EpiScale{1.0f, 1.0f})));
  CHECK(std::isnan(epi_scaled(1.0f, kNaN, EpiScale{1.0f, 1.0f})));
  CHECK(std::isnan(epi_scaled(kInf, kInf, EpiScale{1.0f, -1.0f})));  // inf - inf
  CHECK(std::isnan(epi_scaled(kInf, 1.0f, EpiScale{kNaN, 0.0f})));
  CHECK(epi_scaled(kInf, 1.0f, EpiScale{2.0f, 1.0f}) == kInf);
  CHECK(epi_scaled(3e38f, 3e38f, EpiScale{1.0f, 1.0f}) == kInf);  // FP32 overflow in the add
}

TEST_CASE("FP16 output overflows to inf after scaling, and rounds to nearest even",
          "[func][epilogue]") {
  const float acc[3] = {40000.0f, -40000.0f, 1.0f + 0x1p-11f};  // the last: a tie in FP16
  uint16_t c[3] = {0x3c00, 0x3c00, 0x0000};                     // C_in = 1.0, 1.0, +0
  npu::func::epi_ab_f16(reinterpret_cast<uint8_t*>(c), 3, acc, 3, 1, 3, {2.0f, 1.0f});
  CHECK(c[0] == 0x7c00);  // 80001 -> +inf
  CHECK(c[1] == 0xfc00);  // -79999 -> -inf
  CHECK(c[2] == 0x4000);  // 2 + 2^-10 is a tie between 2 and 2 + 2^-9: even -> 2.0
}

TEST_CASE("FP32 output: in place, C_in from the same addresses", "[func][epilogue]") {
  float c[2][3] = {{1, 2, 3}, {4, 5, 6}};
  const float acc[2][4] = {{10, 20, 30, 99}, {40, 50, 60, 99}};
  npu::func::epi_ab_f32(reinterpret_cast<uint8_t*>(c), 3, &acc[0][0], 4, 2, 2, {0.5f, -2.0f});
  CHECK(c[0][0] == 3.0f);
  CHECK(c[0][1] == 6.0f);
  CHECK(c[0][2] == 3.0f);  // outside cols: untouched
  CHECK(c[1][0] == 12.0f);
  CHECK(c[1][1] == 15.0f);
}

TEST_CASE("INT8 output with beta = 0 is the FIX requantisation", "[func][epilogue]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> acc_d(-100000, 100000);
  for (int i = 0; i < 2000; ++i) {
    const int32_t acc = i < 4 ? std::array{INT32_MIN, INT32_MAX, 0, -1}[i] : acc_d(rng);
    const float scale = i % 3 == 0 ? 0.00123f : i % 3 == 1 ? -0.5f : 1.0f;
    int8_t got = 99;
    npu::func::epi_ab_s8(reinterpret_cast<uint8_t*>(&got), 1, &acc, 1, 1, 1, {scale, 0.0f});
    INFO(acc << " " << scale);
    CHECK(got == npu::func::requant_s8(acc, scale));
    CHECK(got == npu::tb::requant_golden(acc, scale));
  }
}

TEST_CASE("INT8 output with beta: saturates, ties to even, NaN to 0", "[func][epilogue]") {
  const int32_t acc[4] = {100, -100, 5, 0};
  int8_t c[4] = {100, -100, 0, 1};
  npu::func::epi_ab_s8(reinterpret_cast<uint8_t*>(c), 4, acc, 4, 1, 4, {1.0f, 1.0f});
  CHECK(c[0] == 127);
  CHECK(c[1] == -128);
  CHECK(c[2] == 5);
  CHECK(c[3] == 1);
  int8_t h[2] = {1, 3};  // 0.5 * 0 + 0.5 * 1 = 0.5 -> 0 ; 0.5 * 3 = 1.5 -> 2
  const int32_t z[2] = {0, 0};
  npu::func::epi_ab_s8(reinterpret_cast<uint8_t*>(h), 2, z, 2, 1, 2, {0.5f, 0.5f});
  CHECK(h[0] == 0);
  CHECK(h[1] == 2);
  CHECK(npu::func::s8_from_f32(kNaN) == 0);
  CHECK(npu::tb::s8_golden(kNaN) == 0);
}

TEST_CASE("the testbench golden agrees with the model's scaling bit for bit",
          "[func][epilogue][golden]") {
  std::mt19937 rng(11);
  std::uniform_int_distribution<uint32_t> any;
  const float specials[] = {0.0f, -0.0f, 1.0f, -1.0f, kInf, -kInf, kNaN, 0x1p-149f, 3.4e38f, 0.1f};
  auto pick = [&](int i) {
    return i % 5 == 0 ? specials[any(rng) % 10] : std::bit_cast<float>(any(rng));
  };
  for (int i = 0; i < 20000; ++i) {
    const float acc = pick(i), c = pick(i + 1), alpha = pick(i + 2), beta = pick(i + 3);
    const float model = epi_scaled(acc, c, EpiScale{alpha, beta});
    const float golden = npu::tb::scaled_golden(acc, c, alpha, beta);
    INFO(acc << " " << c << " " << alpha << " " << beta);
    if (std::isnan(model)) {
      CHECK(std::isnan(golden));
    } else {
      CHECK(bits(model) == bits(golden));
    }
    CHECK(npu::func::s8_from_f32(model) == npu::tb::s8_golden(golden));
  }
}
