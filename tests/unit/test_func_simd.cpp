// The vector paths (AVX2, AVX-512; whichever this host has) give the portable definition's bits:
// MMAD FP16 / BF16 / INT8 on random tiles full of edge values and of every shape class (partial
// 16-column blocks, rows not a multiple of the 6-row tiles, k not a multiple of 4 / 16), the FP32
// -> FP16 bulk conversion on every sign / exponent / top-mantissa pattern, and any --threads
// split. MMAD comparisons treat any NaN as equal to any NaN (payloads are not in the numerics
// contract; a fused and an unfused add may pass on different NaN operands); everything else
// compares bit for bit.
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>
#include <vector>

#include "func/cube_ops.h"
#include "func/fp16.h"
#include "func/layout.h"
#include "func/simd_level.h"
#include "func/worker_pool.h"

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace {

using namespace npu::func;

// Restores the level and the thread count however a test section ends.
struct ScopedLevel {
  SimdLevel saved = simd_level();
  unsigned threads = worker_threads();
  ~ScopedLevel() {
    set_simd_level(saved);
    set_worker_threads(threads);
  }
};

std::vector<SimdLevel> host_levels() {
  std::vector<SimdLevel> out;
  for (SimdLevel l : {SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (static_cast<int>(l) <= static_cast<int>(host_simd_level())) out.push_back(l);
  }
  return out;
}

// 16-bit patterns: mostly ordinary values, ~15% edge values (+-0, subnormals, +-inf, NaN, huge).
uint16_t random_bits16(std::mt19937_64& rng, bool bf16) {
  const uint64_t r = rng();
  const uint16_t sign = (r >> 7) & 1 ? 0x8000 : 0;
  const uint16_t exp_mask = bf16 ? 0x7f80 : 0x7c00;
  const uint16_t low = static_cast<uint16_t>(r >> 16) & static_cast<uint16_t>(~exp_mask & 0x7fff);
  switch (r % 40) {
    case 0:
      return sign;
    case 1:
    case 2:
      return sign | (low == 0 ? 1 : low);  // subnormal
    case 3:
      return sign | exp_mask;  // inf
    case 4:
      return sign | exp_mask | (low == 0 ? 1 : low);  // NaN
    case 5:
      return sign | static_cast<uint16_t>(exp_mask - (bf16 ? 0x80 : 0x400)) | low;  // huge
    default:  // moderate magnitudes, where most sums round
      return sign | static_cast<uint16_t>(((bf16 ? 0x3c00 : 0x3000) + (r >> 32) % 0x1800) & 0x7fff);
  }
}

bool same_f32_bits(uint32_t a, uint32_t b) {
  auto nan = [](uint32_t x) { return (x & 0x7fffffffu) > 0x7f800000u; };
  return a == b || (nan(a) && nan(b));
}

struct Shape {
  size_t m, k, n;
};
// Covers: one row, rows not a multiple of 6 or 16, partial column blocks, k of 1, k not a
// multiple of 4 / 16 / 32, more than one 4-block column group, and the kernels' real tile.
constexpr Shape kShapes[] = {{1, 1, 1},    {5, 3, 17},   {16, 16, 16},  {7, 33, 70},
                             {37, 64, 96}, {48, 31, 65}, {130, 70, 33}, {256, 64, 256}};

enum class Kind { kF16, kBf16, kS8 };

// Runs one MMAD of `kind` on copies of the same random L0 tiles (random bits in every padding
// slot too) onto an L0C full of random bits, at the level and thread count in force.
std::vector<uint32_t> run_mmad(Kind kind, const Shape& s, bool init, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const bool s8 = kind == Kind::kS8;
  const size_t c0 = s8 ? 32 : 16;
  const size_t a_elems = l0a_elems(s.m, s.k, c0), b_elems = l0b_elems(s.k, s.n, c0);
  std::vector<uint32_t> c(l0c_elems(s.m, s.n));
  for (auto& x : c) {
    x = static_cast<uint32_t>(rng());
    if (!s8 && rng() % 8 == 0) x = std::bit_cast<uint32_t>(static_cast<float>(rng() % 1000) - 500);
  }
  if (s8) {
    std::vector<int8_t> a(a_elems), b(b_elems);
    for (auto& x : a) x = static_cast<int8_t>(rng());
    for (auto& x : b) x = static_cast<int8_t>(rng() % 4 == 0 ? (rng() % 2 ? 127 : -128) : rng());
    mmad_s8(reinterpret_cast<int32_t*>(c.data()), a.data(), b.data(), s.m, s.k, s.n, init);
    return c;
  }
  std::vector<uint16_t> a(a_elems), b(b_elems);
  for (auto& x : a) x = random_bits16(rng, kind == Kind::kBf16);
  for (auto& x : b) x = random_bits16(rng, kind == Kind::kBf16);
  auto* cf = reinterpret_cast<float*>(c.data());
  if (kind == Kind::kF16) {
    mmad_f16(cf, a.data(), b.data(), s.m, s.k, s.n, init);
  } else {
    mmad_bf16(cf, a.data(), b.data(), s.m, s.k, s.n, init);
  }
  return c;
}

void require_same(const std::vector<uint32_t>& want, const std::vector<uint32_t>& got, Kind kind) {
  REQUIRE(want.size() == got.size());
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool ok = kind == Kind::kS8 ? want[i] == got[i] : same_f32_bits(want[i], got[i]);
    if (!ok && bad++ == 0) first = i;
  }
  INFO("first difference at L0C element " << first << ": want 0x" << std::hex << want[first]
                                          << " got 0x" << got[first]);
  CHECK(bad == 0);
}

}  // namespace

TEST_CASE("func simd: the FP environment is the contract's", "[func][simd]") {
  CHECK(fp_env_is_default());
  INFO("host level: " << simd_level_name(host_simd_level()));
  CHECK(simd_level() == host_simd_level());
}

TEST_CASE("func simd: MMAD vector paths give the portable bits", "[func][simd]") {
  ScopedLevel restore;
  set_worker_threads(1);
  const auto levels = host_levels();
  if (levels.empty()) WARN("this host has no AVX2: only the portable path exists");
  uint64_t seed = 100;
  for (Kind kind : {Kind::kF16, Kind::kBf16, Kind::kS8}) {
    for (const Shape& s : kShapes) {
      for (bool init : {true, false}) {
        ++seed;
        set_simd_level(SimdLevel::kPortable);
        const std::vector<uint32_t> want = run_mmad(kind, s, init, seed);
        for (SimdLevel level : levels) {
          set_simd_level(level);
          INFO("kind " << static_cast<int>(kind) << " level " << simd_level_name(level)
                       << " m=" << s.m << " k=" << s.k << " n=" << s.n << " init=" << init);
          require_same(want, run_mmad(kind, s, init, seed), kind);
        }
      }
    }
  }
}

TEST_CASE("func simd: MMAD results do not depend on the thread count", "[func][simd]") {
  ScopedLevel restore;
  for (Kind kind : {Kind::kF16, Kind::kS8}) {
    for (SimdLevel level : {SimdLevel::kPortable, host_simd_level()}) {
      set_simd_level(level);
      set_worker_threads(1);
      const Shape s{250, 64, 250};
      const std::vector<uint32_t> want = run_mmad(kind, s, false, 7);
      for (unsigned t : {2u, 3u, 5u}) {
        set_worker_threads(t);
        REQUIRE(worker_threads() == t);
        INFO("threads " << t << " level " << simd_level_name(level));
        CHECK(run_mmad(kind, s, false, 7) == want);  // bit for bit, NaN payloads included
      }
    }
  }
}

TEST_CASE("func simd: worker pool covers every row once and rethrows", "[func][simd]") {
  ScopedLevel restore;
  set_worker_threads(3);
  for (size_t n : {0, 1, 47, 48, 49, 1000}) {
    std::vector<int> hits(n, 0);
    parallel_rows(n, 8, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) ++hits[i];
    });
    CHECK(std::count(hits.begin(), hits.end(), 1) == static_cast<long>(n));
  }
  CHECK_THROWS_AS(parallel_rows(100, 8,
                                [](size_t b, size_t) {
                                  if (b > 0) throw std::runtime_error("share failed");
                                }),
                  std::runtime_error);
}

TEST_CASE("func simd: FP32 -> FP16 bulk conversion equals the scalar definition per level",
          "[func][simd][fp16]") {
  ScopedLevel restore;
  // Every sign / exponent / top-7 mantissa bit pattern with low halves that hit each rounding
  // case (exact, below / at / above the half-way point, odd / even kept bit, carries).
  constexpr uint32_t kLow[] = {0x0000, 0x0001, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000,
                               0x3000, 0x7fff, 0x8000, 0xefff, 0xf000, 0xffff};
  std::vector<float> src;
  for (uint32_t hi = 0; hi < 0x10000; ++hi) {
    for (uint32_t lo : kLow) src.push_back(std::bit_cast<float>(hi << 16 | lo));
  }
  std::vector<uint16_t> want(src.size());
  for (size_t i = 0; i < src.size(); ++i) want[i] = f32_to_f16(src[i]);
  for (SimdLevel level : host_levels()) {
    set_simd_level(level);
    for (size_t len : {src.size(), size_t{13}, size_t{1}}) {  // tails of the vector loops too
      std::vector<uint16_t> got(len);
      f32_to_f16_n(src.data() + 5, got.data(), len - (len > 5 ? 5 : 0));
      size_t bad = 0;
      for (size_t i = 0; i + 5 < len; ++i) bad += got[i] != want[i + 5];
      INFO("level " << simd_level_name(level) << " length " << len);
      CHECK(bad == 0);
    }
  }
}

#if defined(__x86_64__)
TEST_CASE("func simd: MMAD refuses flush-to-zero / denormals-are-zero", "[func][simd]") {
  const unsigned saved = _mm_getcsr();
  _mm_setcsr(saved | (1u << 15) | (1u << 6));
  CHECK_FALSE(fp_env_is_default());
  std::vector<float> c(256);
  std::vector<uint16_t> a(256), b(256);
  CHECK_THROWS_AS(mmad_f16(c.data(), a.data(), b.data(), 16, 16, 16, true), std::runtime_error);
  _mm_setcsr(saved);
  CHECK(fp_env_is_default());
}
#endif
