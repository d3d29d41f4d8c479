// FP16/BF16 <-> FP32 conversions against an independent reference written from the definition.
//
// The reference tabulates every finite non-negative value of the format as a double (exact), finds
// the neighbours of |x| by binary search and rounds by comparing with their exact midpoint (ties to
// the even encoding; the value after the largest finite one is the overflow threshold -> inf). It
// shares no code with func/fp16.h. Covered: all 65536 half/bf16 encodings exhaustively, and tens of
// millions of FP32 inputs (random bit patterns, the FP16 range densely, every value and midpoint of
// the target format with its FP32 neighbours, overflow and subnormal boundaries, NaN, inf, -0).
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "func/fp16.h"

namespace {

using npu::func::bf16_to_f32;
using npu::func::f16_to_f32;
using npu::func::f32_to_bf16;
using npu::func::f32_to_f16;

class RefFormat {
 public:
  RefFormat(int mant_bits, int exp_bits) : m_mant_bits(mant_bits) {
    const int bias = (1 << (exp_bits - 1)) - 1;
    m_inf_code = ((1u << exp_bits) - 1) << mant_bits;
    for (uint32_t code = 0; code <= m_inf_code; ++code) {
      const int e = static_cast<int>(code >> mant_bits);
      const double f = code & ((1u << mant_bits) - 1);
      m_values.push_back(e == 0 ? std::ldexp(f, 1 - bias - mant_bits)
                                : std::ldexp(f + std::ldexp(1.0, mant_bits), e - bias - mant_bits));
    }
  }

  // Value of a non-NaN encoding (inf included).
  double value(uint16_t code) const {
    const uint32_t mag = code & 0x7fffu;
    const double v = mag >= m_inf_code ? INFINITY : m_values[mag];
    return (code & 0x8000u) ? -v : v;
  }

  uint16_t round(float x) const {
    const uint32_t bits = std::bit_cast<uint32_t>(x);
    const uint16_t sign = (bits >> 31) ? 0x8000 : 0;
    if (std::isnan(x)) {  // quiet bit set, top payload bits kept
      const uint32_t payload = (bits & 0x7fffffu) >> (23 - m_mant_bits);
      return static_cast<uint16_t>(sign | m_inf_code | (1u << (m_mant_bits - 1)) | payload);
    }
    const double ax = std::fabs(static_cast<double>(x));
    if (ax >= m_values.back()) {  // at or past 2^(emax+1) (possibly inf)
      return static_cast<uint16_t>(sign | m_inf_code);
    }
    const size_t lo = std::upper_bound(m_values.begin(), m_values.end(), ax) - m_values.begin() - 1;
    const double mid = (m_values[lo] + m_values[lo + 1]) / 2;  // exact: one bit more than format
    size_t code = lo;
    if (ax > mid || (ax == mid && (lo & 1))) {
      code = lo + 1;  // may be m_inf_code: overflow to inf
    }
    return static_cast<uint16_t>(sign | code);
  }

  // Magnitude of encoding `mag` <= the inf code, where the inf code stands for 2^(emax+1).
  double magnitude(uint32_t mag) const { return m_values[mag]; }

  bool is_nan(uint16_t code) const { return (code & 0x7fffu) > m_inf_code; }

 private:
  int m_mant_bits;
  uint32_t m_inf_code;
  std::vector<double> m_values;  // index = encoding, up to and including m_inf_code (2^(emax+1))
};

const RefFormat& ref_f16() {
  static const RefFormat f(10, 5);
  return f;
}
const RefFormat& ref_bf16() {
  static const RefFormat f(7, 8);
  return f;
}

float from_bits(uint32_t b) { return std::bit_cast<float>(b); }
uint32_t to_bits(float f) { return std::bit_cast<uint32_t>(f); }

// Inputs around every value and midpoint of the target format (both signs), plus fixed edges.
std::vector<float> edge_inputs(const RefFormat& ref, uint32_t inf_code) {
  std::vector<float> xs;
  for (uint32_t code = 0; code < inf_code; ++code) {
    const double v = ref.magnitude(code);
    const double mid = (v + ref.magnitude(code + 1)) / 2;
    for (double c : {v, mid}) {
      const uint32_t b = to_bits(static_cast<float>(c));  // exact for both formats
      for (int d = -2; d <= 2; ++d) {
        const uint32_t bd = b + static_cast<uint32_t>(d);
        if (b == 0 && d < 0) {
          continue;
        }
        xs.push_back(from_bits(bd));
        xs.push_back(from_bits(bd | 0x80000000u));
      }
    }
  }
  for (uint32_t b : {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u,
                     0x7f800001u, 0xff800001u, 0x7fbfffffu, 0x7fffffffu, 0x7fa00000u, 0x7fc02000u,
                     0x7f7fffffu, 0x00800000u, 0x00000001u, 0x007fffffu, 0x80000001u}) {
    xs.push_back(from_bits(b));
  }
  for (float f : {65520.0f, 65504.0f, 65536.0f, 65519.996f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f,
                  0x1p-14f, 0x1.ff8p-15f, 0x1.ffcp-15f, 0x1p-26f, FLT_MAX, FLT_MIN}) {
    xs.push_back(f);
    xs.push_back(std::nextafter(f, 0.0f));
    xs.push_back(std::nextafter(f, INFINITY));
    xs.push_back(-f);
  }
  return xs;
}

void check_all(const std::vector<float>& xs, const RefFormat& ref, uint16_t (*conv)(float)) {
  size_t bad = 0;
  for (float x : xs) {
    const uint16_t want = ref.round(x);
    const uint16_t got = conv(x);
    if (got != want && bad++ < 5) {
      UNSCOPED_INFO("x bits 0x" << std::hex << to_bits(x) << " want 0x" << want << " got 0x"
                                << got);
    }
  }
  CHECK(bad == 0);
}

// Random FP32 bit patterns: uniform over all floats, and with exponents near the target range.
std::vector<float> random_inputs(size_t n, uint64_t seed, int exp_lo, int exp_hi) {
  std::mt19937_64 rng(seed);
  std::vector<float> xs(2 * n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t r = rng();
    xs[2 * i] = from_bits(static_cast<uint32_t>(r));
    const uint32_t e =
        static_cast<uint32_t>(exp_lo + static_cast<int>((r >> 32) % (exp_hi - exp_lo + 1)));
    xs[2 * i + 1] = from_bits((static_cast<uint32_t>(r >> 40) & 0x807fffffu) | (e << 23) |
                              (static_cast<uint32_t>(r) & 0x80000000u));
  }
  return xs;
}

static_assert(f32_to_f16(1.0f) == 0x3c00);
static_assert(f32_to_f16(-2.0f) == 0xc000);
static_assert(f32_to_f16(65504.0f) == 0x7bff);
static_assert(f32_to_f16(65520.0f) == 0x7c00);
static_assert(f32_to_f16(0x1p-24f) == 0x0001);
static_assert(f32_to_f16(0x1p-25f) == 0x0000);
static_assert(f16_to_f32(0x3555) == 0x1.554p-2f);
static_assert(f32_to_bf16(1.0f) == 0x3f80);
static_assert(bf16_to_f32(0xc0a0) == -5.0f);

}  // namespace

TEST_CASE("func: every fp16 value converts exactly to fp32 and back", "[func][fp16]") {
  const RefFormat& ref = ref_f16();
  size_t bad = 0;
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    const uint16_t code = static_cast<uint16_t>(h);
    const float f = f16_to_f32(code);
    const uint32_t fb = to_bits(f);
    bool ok;
    if (ref.is_nan(code)) {  // NaN keeps sign and payload; converting back sets the quiet bit
      ok = std::isnan(f) && (fb >> 31) == (h >> 15) && ((fb >> 13) & 0x3ffu) == (h & 0x3ffu) &&
           f32_to_f16(f) == (h | 0x0200u);
    } else {
      ok = static_cast<double>(f) == ref.value(code) && std::signbit(f) == ((h & 0x8000u) != 0) &&
           f32_to_f16(f) == code;
    }
    if (!ok && bad++ < 5) {
      UNSCOPED_INFO("fp16 0x" << std::hex << h << " -> fp32 bits 0x" << fb);
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("func: f32_to_f16 rounds like the reference on fp16 values, midpoints and edges",
          "[func][fp16]") {
  check_all(edge_inputs(ref_f16(), 0x7c00), ref_f16(), f32_to_f16);
}

TEST_CASE("func: f32_to_f16 rounds like the reference on millions of random floats",
          "[func][fp16]") {
  // 127-26 .. 127+17: from below half the smallest subnormal to past the overflow threshold.
  check_all(random_inputs(8'000'000, 1, 127 - 26, 127 + 17), ref_f16(), f32_to_f16);
}

TEST_CASE("func: every bf16 value converts exactly to fp32 and back", "[func][bf16]") {
  const RefFormat& ref = ref_bf16();
  size_t bad = 0;
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    const uint16_t code = static_cast<uint16_t>(h);
    const float f = bf16_to_f32(code);
    bool ok = to_bits(f) == h << 16;
    if (ref.is_nan(code)) {
      ok = ok && std::isnan(f) && f32_to_bf16(f) == (h | 0x0040u);
    } else {
      ok = ok && static_cast<double>(f) == ref.value(code) && f32_to_bf16(f) == code;
    }
    if (!ok && bad++ < 5) {
      UNSCOPED_INFO("bf16 0x" << std::hex << h);
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("func: f32_to_bf16 rounds like the reference on edges and random floats",
          "[func][bf16]") {
  check_all(edge_inputs(ref_bf16(), 0x7f80), ref_bf16(), f32_to_bf16);
  check_all(random_inputs(4'000'000, 2, 0, 255), ref_bf16(), f32_to_bf16);
}

TEST_CASE("func: bulk conversions equal the scalar ones", "[func][fp16][bf16]") {
  std::vector<uint16_t> all(65536);
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    all[h] = static_cast<uint16_t>(h);
  }
  std::vector<float> f(all.size()), g(all.size());
  std::vector<uint16_t> back(all.size());
  npu::func::f16_to_f32_n(all.data(), f.data(), all.size());
  npu::func::bf16_to_f32_n(all.data(), g.data(), all.size());
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    REQUIRE(to_bits(f[h]) == to_bits(f16_to_f32(all[h])));
    REQUIRE(to_bits(g[h]) == to_bits(bf16_to_f32(all[h])));
  }
  const std::vector<float> xs = random_inputs(100'000, 3, 100, 145);
  back.resize(xs.size());
  npu::func::f32_to_f16_n(xs.data(), back.data(), xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    REQUIRE(back[i] == f32_to_f16(xs[i]));
  }
  npu::func::f32_to_bf16_n(xs.data(), back.data(), xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    REQUIRE(back[i] == f32_to_bf16(xs[i]));
  }
}
