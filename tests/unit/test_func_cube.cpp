// The cube path nd2nz -> load_l0a/load_l0b -> mmad -> fix composes to a correct GEMM, bit for bit.
//
// The golden is written here from the contract alone: a plain triple loop over row-major A and B
// (acc = +0.0f, acc += float(a) * float(b) in ascending k) and a test-local FP16 rounding (from
// the definition, via exact double arithmetic). Contract for comparisons: bit patterns must match,
// except that any NaN equals any NaN (NaN payloads are not part of the numerics contract).
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "func/cube_ops.h"
#include "func/layout.h"

namespace {

using namespace npu::func;
using npu::isa::Dtype;

// ---- test-local numerics, independent of func/fp16.h ----
float half_value(uint16_t h) {
  const int e = (h >> 10) & 0x1f;
  const int f = h & 0x3ff;
  double v = e == 0    ? std::ldexp(f, -24)
             : e == 31 ? (f ? NAN : INFINITY)
                       : std::ldexp(1024 + f, e - 25);
  return static_cast<float>((h & 0x8000) ? -v : v);
}

uint16_t half_round(float x) {
  const uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  if (std::isnan(x)) {
    return 0x7e00;
  }
  const double ax = std::fabs(static_cast<double>(x));
  if (ax >= 65520.0) {
    return sign | 0x7c00;
  }
  // Scale to units of the FP16 ulp at this magnitude, round half to even, rebuild the encoding.
  const int e = ax < 0x1p-14 ? -14 : std::ilogb(ax);
  const double units = std::ldexp(ax, 10 - e);  // exact; in [1024, 2048) for normals
  double q = std::floor(units);
  const double rem = units - q;
  if (rem > 0.5 || (rem == 0.5 && std::fmod(q, 2.0) == 1.0)) {
    q += 1;
  }
  const double v = std::ldexp(q, e - 10);
  if (v == 0) {
    return sign;
  }
  const int ve = v < 0x1p-14 ? -15 : std::ilogb(v);
  const uint16_t bits =
      ve == -15 ? static_cast<uint16_t>(q)
                : static_cast<uint16_t>(((ve + 15) << 10) |
                                        (static_cast<int>(std::ldexp(v, 10 - ve)) - 1024));
  return sign | bits;
}

bool same_f16(uint16_t a, uint16_t b) {
  auto nan = [](uint16_t h) { return (h & 0x7fff) > 0x7c00; };
  return a == b || (nan(a) && nan(b));
}
bool same_f32(float a, float b) {
  return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

struct Gemm {
  size_t m, n, k;
  bool ta, tb;
  size_t lda, ldb, ldc;  // GM row strides of the stored A ([m][k] or [k][m]), B, C
};

// Golden accumulators C[m][n] row-major straight from the GM matrices.
std::vector<float> golden_acc(const Gemm& g, const std::vector<uint16_t>& a,
                              const std::vector<uint16_t>& b) {
  std::vector<float> c(g.m * g.n);
  for (size_t i = 0; i < g.m; ++i) {
    for (size_t j = 0; j < g.n; ++j) {
      float acc = 0.0f;
      for (size_t kk = 0; kk < g.k; ++kk) {
        const uint16_t av = g.ta ? a[kk * g.lda + i] : a[i * g.lda + kk];
        const uint16_t bv = g.tb ? b[j * g.ldb + kk] : b[kk * g.ldb + j];
        acc += half_value(av) * half_value(bv);
      }
      c[i * g.n + j] = acc;
    }
  }
  return c;
}

const uint8_t* bytes(const void* p) { return static_cast<const uint8_t*>(p); }
uint8_t* bytes(void* p) { return static_cast<uint8_t*>(p); }

struct CubeResult {
  std::vector<float> l0c;      // final L0C contents (mp x np, L0C layout)
  std::vector<uint16_t> c_gm;  // fix_f16 output, m x ldc
  std::vector<float> c32_gm;   // fix_f32 output, m x ldc
};

constexpr uint32_t kSentinel = 0x7fbadbadu;  // a NaN bit pattern nobody writes

// Runs the cube path with K split into chunks of kchunk (a multiple of 16).
CubeResult run_cube(const Gemm& g, const std::vector<uint16_t>& a, const std::vector<uint16_t>& b,
                    size_t kchunk) {
  const size_t a_rows = g.ta ? g.k : g.m, a_cols = g.ta ? g.m : g.k;
  const size_t b_rows = g.tb ? g.n : g.k, b_cols = g.tb ? g.k : g.n;
  std::vector<uint16_t> l1a(nz_elems(a_rows, a_cols, 16), 0xffff);
  std::vector<uint16_t> l1b(nz_elems(b_rows, b_cols, 16), 0xffff);
  REQUIRE(nd_extent(a_rows, a_cols, g.lda) <= a.size());
  REQUIRE(nd_extent(b_rows, b_cols, g.ldb) <= b.size());
  nd2nz(Dtype::kF16, bytes(l1a.data()), bytes(a.data()), a_rows, a_cols, g.lda);
  nd2nz(Dtype::kF16, bytes(l1b.data()), bytes(b.data()), b_rows, b_cols, g.ldb);
  const size_t rpa = ceil16(a_rows), rpb = ceil16(b_rows);

  CubeResult r;
  r.l0c.assign(l0c_elems(g.m, g.n), std::bit_cast<float>(kSentinel));
  for (size_t k0 = 0; k0 < g.k; k0 += kchunk) {
    const size_t kc = std::min(kchunk, g.k - k0);
    // The chunk starts k0 columns (A) / k0 rows (B) into the NZ matrices.
    const size_t a_off = g.ta ? k0 * 16 : (k0 / 16) * rpa * 16;
    const size_t b_off = g.tb ? (k0 / 16) * rpb * 16 : k0 * 16;
    std::vector<uint16_t> l0a(l0a_elems(g.m, kc, 16), 0xffff);
    std::vector<uint16_t> l0b(l0b_elems(kc, g.n, 16), 0xffff);
    REQUIRE(a_off + src_extent_load_l0a(Dtype::kF16, g.m, kc, rpa, g.ta) <= l1a.size());
    REQUIRE(b_off + src_extent_load_l0b(Dtype::kF16, kc, g.n, rpb, g.tb) <= l1b.size());
    load_l0a(Dtype::kF16, bytes(l0a.data()), bytes(l1a.data() + a_off), g.m, kc, rpa, g.ta);
    load_l0b(Dtype::kF16, bytes(l0b.data()), bytes(l1b.data() + b_off), kc, g.n, rpb, g.tb);
    mmad_f16(r.l0c.data(), l0a.data(), l0b.data(), g.m, kc, g.n, k0 == 0);
  }
  r.c_gm.assign(g.m * g.ldc, 0xabcd);
  r.c32_gm.assign(g.m * g.ldc, std::bit_cast<float>(kSentinel));
  fix_f16(bytes(r.c_gm.data()), r.l0c.data(), g.m, g.n, g.ldc);
  fix_f32(bytes(r.c32_gm.data()), r.l0c.data(), g.m, g.n, g.ldc);
  return r;
}

// Random FP16 with ~2% each of -0, subnormals, +-inf, NaN, and large values that overflow sums.
std::vector<uint16_t> random_halves(size_t count, std::mt19937_64& rng, bool edges) {
  std::vector<uint16_t> v(count);
  for (uint16_t& h : v) {
    const uint64_t r = rng();
    const uint16_t sign = (r >> 8) & 1 ? 0x8000 : 0;
    const uint64_t cat = edges ? r % 100 : 99;
    const uint16_t low = static_cast<uint16_t>(r >> 20);
    if (cat < 2) {
      h = 0x8000;
    } else if (cat < 4) {
      h = sign | (1 + low % 0x3ff);
    } else if (cat < 5) {
      h = sign | 0x7c00;
    } else if (cat < 6) {
      h = sign | 0x7c00 | (1 + low % 0x3ff);
    } else if (cat < 9) {
      h = sign | (0x5c00 + low % 0x1c00);  // 256 .. 65504: products and sums overflow FP16
    } else {
      h = sign | (0x3000 + low % 0x1000);  // 0.125 .. 2
    }
  }
  return v;
}

void check_gemm(const Gemm& g, uint64_t seed, bool edges, size_t kchunk) {
  std::mt19937_64 rng(seed);
  const size_t a_rows = g.ta ? g.k : g.m, b_rows = g.tb ? g.n : g.k;
  const std::vector<uint16_t> a = random_halves(a_rows * g.lda, rng, edges);
  const std::vector<uint16_t> b = random_halves(b_rows * g.ldb, rng, edges);
  const std::vector<float> want = golden_acc(g, a, b);
  const CubeResult got = run_cube(g, a, b, kchunk);
  INFO("m " << g.m << " n " << g.n << " k " << g.k << " ta " << g.ta << " tb " << g.tb << " kchunk "
            << kchunk << " seed " << seed);
  size_t bad16 = 0, bad32 = 0, bad_pad = 0;
  for (size_t i = 0; i < g.m; ++i) {
    for (size_t j = 0; j < g.ldc; ++j) {
      const size_t x = i * g.ldc + j;
      if (j >= g.n) {  // GM row padding is not written
        bad_pad += got.c_gm[x] != 0xabcd || std::bit_cast<uint32_t>(got.c32_gm[x]) != kSentinel;
        continue;
      }
      bad16 += !same_f16(half_round(want[i * g.n + j]), got.c_gm[x]);
      bad32 += !same_f32(want[i * g.n + j], got.c32_gm[x]);
    }
  }
  const size_t mp = ceil16(g.m);
  for (size_t i = 0; i < mp; ++i) {  // L0C outside m x n is untouched
    for (size_t j = 0; j < ceil16(g.n); ++j) {
      if (i >= g.m || j >= g.n) {
        bad_pad += std::bit_cast<uint32_t>(got.l0c[l0c_offset(i, j, mp)]) != kSentinel;
      }
    }
  }
  CHECK(bad16 == 0);
  CHECK(bad32 == 0);
  CHECK(bad_pad == 0);
}

}  // namespace

TEST_CASE("func: the test-local fp16 rounding agrees with hand-picked cases", "[func][cube]") {
  CHECK(half_round(1.0f) == 0x3c00);
  CHECK(half_round(65504.0f) == 0x7bff);
  CHECK(half_round(65519.0f) == 0x7bff);
  CHECK(half_round(65520.0f) == 0x7c00);
  CHECK(half_round(-0x1p-24f) == 0x8001);
  CHECK(half_round(0x1p-25f) == 0x0000);
  CHECK(half_round(0x1.8p-24f) == 0x0002);
  CHECK(half_round(0x1.ffcp-15f) == 0x0400);
  CHECK(half_round(1.0f + 0x1p-11f) == 0x3c00);
  CHECK(half_round(1.0f + 0x1.8p-10f) == 0x3c02);
  CHECK(half_round(-0.0f) == 0x8000);
  CHECK(half_value(0x3555) == 0x1.554p-2f);
}

TEST_CASE("func: cube path computes GEMM bit for bit on fixed shapes", "[func][cube]") {
  const Gemm shapes[] = {
      {1, 1, 1, false, false, 1, 1, 1},       {17, 33, 65, false, false, 65, 33, 33},
      {33, 17, 65, false, false, 67, 20, 19}, {16, 16, 16, false, false, 16, 16, 16},
      {3, 5, 7, false, false, 7, 5, 5},       {31, 1, 47, false, false, 50, 1, 1},
      {1, 40, 17, false, false, 17, 40, 41},  {64, 48, 96, false, false, 96, 48, 48}};
  uint64_t seed = 100;
  for (Gemm g : shapes) {
    for (bool edges : {false, true}) {
      check_gemm(g, ++seed, edges, ceil16(g.k));
    }
  }
}

TEST_CASE("func: cube path handles transposed loads of A and B", "[func][cube]") {
  uint64_t seed = 200;
  for (Gemm g :
       {Gemm{17, 33, 65, true, false, 17, 33, 33}, Gemm{17, 33, 65, false, true, 65, 65, 33},
        Gemm{17, 33, 65, true, true, 20, 70, 40}, Gemm{1, 1, 1, true, true, 1, 1, 1},
        Gemm{40, 24, 9, true, true, 41, 9, 24}}) {
    check_gemm(g, ++seed, true, ceil16(g.k));
  }
}

TEST_CASE("func: mmad split over k chunks gives the bits of one mmad over all of K",
          "[func][cube]") {
  uint64_t seed = 300;
  for (size_t kchunk : {16, 32, 48}) {
    for (bool ta : {false, true}) {
      for (bool tb : {false, true}) {
        check_gemm(Gemm{21, 35, 100, ta, tb, ta ? 21u : 100u, tb ? 100u : 35u, 35}, ++seed, true,
                   kchunk);
      }
    }
  }
}

TEST_CASE("func: cube path computes GEMM bit for bit on random shapes", "[func][cube]") {
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 60; ++iter) {
    Gemm g{};
    g.m = 1 + rng() % 70;
    g.n = 1 + rng() % 70;
    g.k = 1 + rng() % 140;
    g.ta = rng() & 1;
    g.tb = rng() & 1;
    g.lda = (g.ta ? g.m : g.k) + rng() % 4;
    g.ldb = (g.tb ? g.k : g.n) + rng() % 4;
    g.ldc = g.n + rng() % 4;
    const size_t kchunk = 16 * (1 + rng() % 4);
    check_gemm(g, 1000 + iter, iter % 3 != 0, kchunk);
  }
}

TEST_CASE("func: nd2nz zero-fills padding and mmad never reads padding K", "[func][cube]") {
  const size_t m = 5, k = 20, n = 3;
  std::vector<uint16_t> gm(m * k);
  for (size_t x = 0; x < gm.size(); ++x) {
    gm[x] = static_cast<uint16_t>(0x3c00 + x);
  }
  std::vector<uint16_t> l1(nz_elems(m, k, 16), 0xffff);
  nd2nz(Dtype::kF16, bytes(l1.data()), bytes(gm.data()), m, k, k);
  for (size_t r = 0; r < 16; ++r) {
    for (size_t c = 0; c < 32; ++c) {
      CHECK(l1[nz_offset(r, c, 16, 16)] == (r < m && c < k ? gm[r * k + c] : 0));
    }
  }
  // L0A/L0B built by hand with NaN in every padding slot (rows >= m, cols >= k, ...).
  std::vector<uint16_t> l0a(l0a_elems(m, k, 16), 0x7e00), l0b(l0b_elems(k, n, 16), 0x7e00);
  std::vector<uint16_t> a(m * k), b(k * n);
  for (size_t i = 0; i < m; ++i) {
    for (size_t kk = 0; kk < k; ++kk) {
      a[i * k + kk] = static_cast<uint16_t>(0x3800 + i + kk);
      l0a[l0a_offset(i, kk, 2, 16)] = a[i * k + kk];
    }
  }
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) {
      b[kk * n + j] = static_cast<uint16_t>(0xb800 + 3 * kk + j);
      l0b[l0b_offset(kk, j, 1, 16)] = b[kk * n + j];
    }
  }
  std::vector<float> l0c(l0c_elems(m, n), 1.5f);
  mmad_f16(l0c.data(), l0a.data(), l0b.data(), m, k, n, false);  // accumulate onto 1.5
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      float acc = 1.5f;
      for (size_t kk = 0; kk < k; ++kk) {
        acc += half_value(a[i * k + kk]) * half_value(b[kk * n + j]);
      }
      CHECK(std::bit_cast<uint32_t>(l0c[l0c_offset(i, j, 16)]) == std::bit_cast<uint32_t>(acc));
    }
  }
}

TEST_CASE("func: int8 cube path wraps like two's complement", "[func][cube][s8]") {
  const size_t m = 19, k = 70, n = 21;
  std::mt19937_64 rng(11);
  std::vector<int8_t> a(m * k), b(k * n);
  for (auto& v : a) {
    v = static_cast<int8_t>(rng());
  }
  for (auto& v : b) {
    v = static_cast<int8_t>(rng());
  }
  // With c0 = 32 the L0B load reads K rows up to ceil32(k) - 1 (= 95), past the 16-row padding
  // of B's NZ (80 rows): the source buffer must cover the load's extent, not just nz_elems.
  const size_t b_extent = src_extent_load_l0b(Dtype::kS8, k, n, ceil16(k), false);
  CHECK(b_extent > nz_elems(k, n, 32));
  std::vector<int8_t> l1a(nz_elems(m, k, 32)), l1b(std::max(nz_elems(k, n, 32), b_extent));
  REQUIRE(src_extent_load_l0a(Dtype::kS8, m, k, ceil16(m), false) <= l1a.size());
  nd2nz(Dtype::kS8, bytes(l1a.data()), bytes(a.data()), m, k, k);
  nd2nz(Dtype::kS8, bytes(l1b.data()), bytes(b.data()), k, n, n);
  std::vector<int8_t> l0a(l0a_elems(m, k, 32)), l0b(l0b_elems(k, n, 32));
  load_l0a(Dtype::kS8, bytes(l0a.data()), bytes(l1a.data()), m, k, ceil16(m), false);
  load_l0b(Dtype::kS8, bytes(l0b.data()), bytes(l1b.data()), k, n, ceil16(k), false);
  // Start near INT32_MAX so that accumulation wraps.
  std::vector<int32_t> l0c(l0c_elems(m, n), 0);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      l0c[l0c_offset(i, j, ceil16(m))] = INT32_MAX - static_cast<int32_t>(i * 1000 + j);
    }
  }
  mmad_s8(l0c.data(), l0a.data(), l0b.data(), m, k, n, false);
  std::vector<int32_t> c(m * n);
  fix_s32(bytes(c.data()), l0c.data(), m, n, n);
  size_t bad = 0;
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      uint32_t acc = static_cast<uint32_t>(INT32_MAX) - static_cast<uint32_t>(i * 1000 + j);
      for (size_t kk = 0; kk < k; ++kk) {
        acc += static_cast<uint32_t>(int32_t{a[i * k + kk]} * int32_t{b[kk * n + j]});
      }
      bad += c[i * n + j] != static_cast<int32_t>(acc);
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("func: bf16 cube path accumulates in fp32 like the contract", "[func][cube][bf16]") {
  const size_t m = 18, k = 50, n = 33;
  std::mt19937_64 rng(12);
  std::vector<uint16_t> a(m * k), b(k * n);
  for (auto& v : a) {
    v = static_cast<uint16_t>(0x3c00 + rng() % 0x0600) | ((rng() & 1) << 15);
  }
  for (auto& v : b) {
    v = static_cast<uint16_t>(0x3c00 + rng() % 0x0600) | ((rng() & 1) << 15);
  }
  std::vector<uint16_t> l1a(nz_elems(m, k, 16)), l1b(nz_elems(n, k, 16));
  nd2nz(Dtype::kBF16, bytes(l1a.data()), bytes(a.data()), m, k, k);
  // B stored [n][k] and loaded transposed.
  std::vector<uint16_t> bt(n * k);
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) {
      bt[j * k + kk] = b[kk * n + j];
    }
  }
  nd2nz(Dtype::kBF16, bytes(l1b.data()), bytes(bt.data()), n, k, k);
  std::vector<uint16_t> l0a(l0a_elems(m, k, 16)), l0b(l0b_elems(k, n, 16));
  load_l0a(Dtype::kBF16, bytes(l0a.data()), bytes(l1a.data()), m, k, ceil16(m), false);
  load_l0b(Dtype::kBF16, bytes(l0b.data()), bytes(l1b.data()), k, n, ceil16(n), true);
  std::vector<float> l0c(l0c_elems(m, n));
  mmad_bf16(l0c.data(), l0a.data(), l0b.data(), m, k, n, true);
  std::vector<float> c(m * n);
  fix_f32(bytes(c.data()), l0c.data(), m, n, n);
  auto bf = [](uint16_t h) { return std::bit_cast<float>(static_cast<uint32_t>(h) << 16); };
  size_t bad = 0;
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (size_t kk = 0; kk < k; ++kk) {
        acc += bf(a[i * k + kk]) * bf(b[kk * n + j]);
      }
      bad += !same_f32(acc, c[i * n + j]);
    }
  }
  CHECK(bad == 0);
}
