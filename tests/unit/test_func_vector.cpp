// Vector-engine elementwise ops: FP16 add/sub/mul are correctly rounded (checked against exact
// double arithmetic rounded by a test-local FP16 rounding), max/min/relu follow the documented
// NaN-propagating, -0 < +0 semantics, and FP32 ops equal plain IEEE float arithmetic.
//
// NaN results are compared as "is a NaN" only: payloads are not part of the contract.
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "func/vector_ops.h"

namespace {

using npu::func::VecOp;

double half_value(uint16_t h) {
  const int e = (h >> 10) & 0x1f;
  const int f = h & 0x3ff;
  const double v = e == 0    ? std::ldexp(f, -24)
                   : e == 31 ? (f ? NAN : INFINITY)
                             : std::ldexp(1024 + f, e - 25);
  return (h & 0x8000) ? -v : v;
}

// Round an exact double to FP16 (RNE, overflow to inf) by searching the nearest encoding.
uint16_t half_round(double x) {
  if (std::isnan(x)) {
    return 0x7e00;
  }
  const uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  const double ax = std::fabs(x);
  if (ax >= 65520.0) {
    return sign | 0x7c00;
  }
  // values[h] for h = 0 .. 0x7c00, where 0x7c00 stands for 2^16 (the overflow threshold's top).
  static const std::vector<double> values = [] {
    std::vector<double> v;
    for (uint16_t h = 0; h < 0x7c00; ++h) {
      v.push_back(half_value(h));
    }
    v.push_back(65536.0);
    return v;
  }();
  const uint16_t lo = static_cast<uint16_t>(std::upper_bound(values.begin(), values.end(), ax) -
                                            values.begin() - 1);
  const double m = (values[lo] + values[lo + 1]) / 2;
  const uint16_t q = ax < m || (ax == m && (lo & 1) == 0) ? lo : static_cast<uint16_t>(lo + 1);
  return sign | q;
}

bool is_nan16(uint16_t h) { return (h & 0x7fff) > 0x7c00; }

std::vector<uint16_t> interesting_halves() {
  std::vector<uint16_t> v = {0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x3c00,
                             0xbc00, 0x3c01, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00,
                             0xfd01, 0x7801, 0x1400, 0x0200, 0x3555, 0xc000};
  std::mt19937_64 rng(5);
  while (v.size() < 160) {
    v.push_back(static_cast<uint16_t>(rng()));
  }
  return v;
}

}  // namespace

TEST_CASE("func: fp16 add, sub and mul are correctly rounded", "[func][vector]") {
  const std::vector<uint16_t> bs = interesting_halves();
  std::vector<uint16_t> a(65536), b(65536), out(65536);
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    a[h] = static_cast<uint16_t>(h);
  }
  for (VecOp op : {VecOp::kAdd, VecOp::kSub, VecOp::kMul}) {
    size_t bad = 0;
    for (uint16_t bv : bs) {
      std::fill(b.begin(), b.end(), bv);
      npu::func::vec_f16(op, out.data(), a.data(), b.data(), a.size());
      for (uint32_t h = 0; h <= 0xffff; ++h) {
        const double x = half_value(a[h]), y = half_value(bv);
        // Exact in double: FP16 sums need at most 40 significant bits, products 22.
        const double exact = op == VecOp::kAdd ? x + y : op == VecOp::kSub ? x - y : x * y;
        const uint16_t want = half_round(exact);
        const bool ok = is_nan16(want) ? is_nan16(out[h]) : out[h] == want;
        if (!ok && bad++ < 5) {
          UNSCOPED_INFO("op " << int(op) << " a 0x" << std::hex << h << " b 0x" << bv << " want 0x"
                              << want << " got 0x" << out[h]);
        }
      }
    }
    CHECK(bad == 0);
  }
}

TEST_CASE("func: max, min and relu propagate NaN and order -0 below +0", "[func][vector]") {
  const float nan = std::nanf("");
  auto bits = [](float f) { return std::bit_cast<uint32_t>(f); };
  using npu::func::vec_op_f32;
  CHECK(bits(vec_op_f32(VecOp::kMax, -0.0f, 0.0f)) == bits(0.0f));
  CHECK(bits(vec_op_f32(VecOp::kMax, 0.0f, -0.0f)) == bits(0.0f));
  CHECK(bits(vec_op_f32(VecOp::kMin, 0.0f, -0.0f)) == bits(-0.0f));
  CHECK(bits(vec_op_f32(VecOp::kMin, -0.0f, 0.0f)) == bits(-0.0f));
  CHECK(std::isnan(vec_op_f32(VecOp::kMax, nan, 1.0f)));
  CHECK(std::isnan(vec_op_f32(VecOp::kMax, 1.0f, nan)));
  CHECK(std::isnan(vec_op_f32(VecOp::kMin, -INFINITY, nan)));
  CHECK(vec_op_f32(VecOp::kMax, -INFINITY, -3.0f) == -3.0f);
  CHECK(vec_op_f32(VecOp::kMin, 2.0f, -3.0f) == -3.0f);
  CHECK(bits(vec_op_f32(VecOp::kRelu, -0.0f, 0.0f)) == bits(0.0f));
  CHECK(bits(vec_op_f32(VecOp::kRelu, -5.0f, 0.0f)) == bits(0.0f));
  CHECK(vec_op_f32(VecOp::kRelu, 5.0f, 0.0f) == 5.0f);
  CHECK(vec_op_f32(VecOp::kRelu, INFINITY, 0.0f) == INFINITY);
  CHECK(std::isnan(vec_op_f32(VecOp::kRelu, nan, 0.0f)));
  // A signalling NaN comes out quiet.
  CHECK((bits(vec_op_f32(VecOp::kMax, std::bit_cast<float>(0x7f800001u), 1.0f)) & 0x00400000u) !=
        0);

  // FP16: relu ignores b (null allowed), max/min/relu are exact.
  const std::vector<uint16_t> a = {0x8000, 0xbc00, 0x3c00, 0x7e00, 0xfc00, 0x0001, 0x7d00};
  std::vector<uint16_t> out(a.size());
  npu::func::vec_f16(VecOp::kRelu, out.data(), a.data(), nullptr, a.size());
  CHECK(out[0] == 0x0000);
  CHECK(out[1] == 0x0000);
  CHECK(out[2] == 0x3c00);
  CHECK(is_nan16(out[3]));
  CHECK(out[4] == 0x0000);
  CHECK(out[5] == 0x0001);
  CHECK(out[6] == 0x7f00);  // signalling NaN quieted, payload kept
  const std::vector<uint16_t> b = {0x0000, 0x3c00, 0xbc00, 0x3c00, 0x7bff, 0x8001, 0x0000};
  npu::func::vec_f16(VecOp::kMax, out.data(), a.data(), b.data(), a.size());
  CHECK(out == std::vector<uint16_t>{0x0000, 0x3c00, 0x3c00, out[3], 0x7bff, 0x0001, out[6]});
  CHECK(is_nan16(out[3]));
  CHECK(is_nan16(out[6]));
  npu::func::vec_f16(VecOp::kMin, out.data(), a.data(), b.data(), a.size());
  CHECK(out[0] == 0x8000);
  CHECK(out[1] == 0xbc00);
  CHECK(out[4] == 0xfc00);
  CHECK(out[5] == 0x8001);
}

TEST_CASE("func: fp32 vector ops equal IEEE float arithmetic, in place too", "[func][vector]") {
  std::mt19937_64 rng(9);
  std::vector<float> a(4096), b(4096), out(4096);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = std::bit_cast<float>(static_cast<uint32_t>(rng()));
    b[i] = i % 3 ? std::bit_cast<float>(static_cast<uint32_t>(rng())) : a[i] * 0.75f;
  }
  auto same = [](float x, float y) {
    return std::bit_cast<uint32_t>(x) == std::bit_cast<uint32_t>(y) ||
           (std::isnan(x) && std::isnan(y));
  };
  size_t bad = 0;
  npu::func::vec_f32(VecOp::kAdd, out.data(), a.data(), b.data(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    bad += !same(out[i], a[i] + b[i]);
  }
  npu::func::vec_f32(VecOp::kSub, out.data(), a.data(), b.data(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    bad += !same(out[i], a[i] - b[i]);
  }
  std::vector<float> in_place = a;
  npu::func::vec_f32(VecOp::kMul, in_place.data(), in_place.data(), b.data(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    bad += !same(in_place[i], a[i] * b[i]);
  }
  npu::func::vec_f32(VecOp::kMax, out.data(), a.data(), b.data(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const float want = std::isnan(a[i]) || std::isnan(b[i]) ? NAN
                       : a[i] == b[i]                       ? (std::signbit(a[i]) ? b[i] : a[i])
                                                            : std::fmax(a[i], b[i]);
    bad += !same(out[i], want);
  }
  CHECK(bad == 0);
}
