// FIX conversions: INT32 -> INT8 requantisation (systemc/func requant_s8) against the
// independent reference of tb/util/golden_int8 and hand-computed cases, and FP32 -> BF16.
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "func/cube_ops.h"
#include "func/fp16.h"
#include "func/layout.h"
#include "util/golden_int8.h"

using npu::func::requant_s8;
using npu::tb::requant_golden;

TEST_CASE("requant: ties round to even, saturation, NaN and infinities", "[func][requant]") {
  // acc * scale exactly representable: the rounding step alone decides.
  CHECK(requant_s8(5, 0.5f) == 2);        // 2.5 -> 2 (even)
  CHECK(requant_s8(7, 0.5f) == 4);        // 3.5 -> 4 (even)
  CHECK(requant_s8(-5, 0.5f) == -2);      // -2.5 -> -2
  CHECK(requant_s8(-7, 0.5f) == -4);      // -3.5 -> -4
  CHECK(requant_s8(3, 0.25f) == 1);       // 0.75 -> 1
  CHECK(requant_s8(1, 0.25f) == 0);       // 0.25 -> 0
  CHECK(requant_s8(255, 0.5f) == 127);    // 127.5 -> 128 (even) -> saturates to 127
  CHECK(requant_s8(-257, 0.5f) == -128);  // -128.5 -> -128 (even)
  CHECK(requant_s8(-259, 0.5f) == -128);  // -129.5 saturates
  CHECK(requant_s8(1000000, 1.0f) == 127);
  CHECK(requant_s8(std::numeric_limits<int32_t>::min(), 1.0f) == -128);
  CHECK(requant_s8(1, std::numeric_limits<float>::infinity()) == 127);
  CHECK(requant_s8(-1, std::numeric_limits<float>::infinity()) == -128);
  CHECK(requant_s8(0, std::numeric_limits<float>::infinity()) == 0);  // 0 * inf = NaN -> 0
  CHECK(requant_s8(12, std::numeric_limits<float>::quiet_NaN()) == 0);
  CHECK(requant_s8(100, -1.0f) == -100);
  // float(acc) rounds first: 2^24 + 1 becomes 2^24, so scaling by 2^-24 gives exactly 1.
  CHECK(requant_s8((1 << 24) + 1, 0x1p-24f) == 1);
  // 2^25 + 3 rounds to 2^25 + 4 in FP32 (ties to even); (2^25 + 4) * 2^-19 = 64.0000076 -> 64.
  CHECK(requant_s8((1 << 25) + 3, 0x1p-19f) == 64);
}

TEST_CASE("requant: func and the independent golden agree on random and edge inputs",
          "[func][requant]") {
  std::mt19937_64 rng(11);
  const float scales[] = {1.0f,   0.5f, 0.25f, 1e-3f, 3.0517578125e-05f, 0.0078125f, 0.3333333f,
                          -0.01f, 7.5f, 1e-9f, 1e9f,  0x1p-126f,         0x1p-149f};
  size_t checked = 0;
  for (float scale : scales) {
    for (int i = 0; i < 20000; ++i) {
      int32_t acc = static_cast<int32_t>(static_cast<uint32_t>(rng()));
      if (i % 4 == 1) acc >>= 16;  // small magnitudes, where rounding matters
      if (i % 4 == 2) acc = static_cast<int32_t>(rng() % 2001) - 1000;
      INFO("acc " << acc << " scale " << scale);
      REQUIRE(requant_s8(acc, scale) == requant_golden(acc, scale));
      ++checked;
    }
  }
  // Every exact tie k + 0.5 for k in [-140, 140) with scale 0.5.
  for (int32_t acc = -281; acc < 281; ++acc) {
    REQUIRE(requant_s8(acc, 0.5f) == requant_golden(acc, 0.5f));
  }
  CHECK(checked == 13 * 20000);
}

TEST_CASE("fix_s8 and fix_bf16 walk the L0C layout into row-major GM", "[func][requant]") {
  const size_t m = 20, n = 19, ld = 23, mp = npu::func::ceil16(m);
  std::vector<int32_t> acc(npu::func::l0c_elems(m, n));
  std::vector<float> accf(acc.size());
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      acc[npu::func::l0c_offset(i, j, mp)] = static_cast<int32_t>(i * 100 + j) - 1000;
      accf[npu::func::l0c_offset(i, j, mp)] = static_cast<float>(i) + 1.0f / 3.0f * j;
    }
  }
  std::vector<uint8_t> out8(m * ld, 0xAA), out16(m * ld * 2, 0xAA);
  npu::func::fix_s8(out8.data(), acc.data(), m, n, ld, 0.1f);
  npu::func::fix_bf16(out16.data(), accf.data(), m, n, ld);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < ld; ++j) {
      uint16_t h = 0;
      std::memcpy(&h, out16.data() + (i * ld + j) * 2, 2);
      if (j >= n) {  // beyond the tile: untouched
        CHECK(out8[i * ld + j] == 0xAA);
        CHECK(h == 0xAAAA);
        continue;
      }
      const int32_t a = static_cast<int32_t>(i * 100 + j) - 1000;
      CHECK(static_cast<int8_t>(out8[i * ld + j]) == requant_golden(a, 0.1f));
      const float f = static_cast<float>(i) + 1.0f / 3.0f * j;
      // BF16 RNE by hand: keep the top 16 bits, round on the rest.
      const uint32_t x = std::bit_cast<uint32_t>(f);
      const uint32_t low = x & 0xFFFF, top = x >> 16;
      const uint32_t want = low > 0x8000 || (low == 0x8000 && (top & 1)) ? top + 1 : top;
      CHECK(h == want);
    }
  }
}
