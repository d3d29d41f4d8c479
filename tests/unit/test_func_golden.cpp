// Testbench helpers (npu_tbutil): the reference GEMM agrees with the cube path bit for bit, the
// comparison treats any NaN as equal, and the input generator is deterministic with the promised
// mix of edge values.
//
// The cube path here is the func library itself, so this is a cross-check of two independent
// implementations of the same contract; the func tests check each against first principles.
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "func/cube_ops.h"
#include "func/fp16.h"
#include "func/layout.h"
#include "util/golden.h"
#include "util/inputs.h"

namespace {

using namespace npu::func;
using npu::isa::Dtype;
using npu::tb::EdgeMix;
using npu::tb::GemmShape;

// C = fix_f16(mmad(load(nd2nz(A)), load(nd2nz(B)))) in one K step; A/B dense (ld = cols).
std::vector<uint16_t> cube_gemm(const std::vector<uint16_t>& a, const std::vector<uint16_t>& b,
                                const GemmShape& s) {
  const size_t ar = s.ta ? s.k : s.m, ac = s.ta ? s.m : s.k;
  const size_t br = s.tb ? s.n : s.k, bc = s.tb ? s.k : s.n;
  std::vector<uint16_t> l1a(nz_elems(ar, ac, 16)), l1b(nz_elems(br, bc, 16));
  nd2nz(Dtype::kF16, reinterpret_cast<uint8_t*>(l1a.data()),
        reinterpret_cast<const uint8_t*>(a.data()), ar, ac, ac);
  nd2nz(Dtype::kF16, reinterpret_cast<uint8_t*>(l1b.data()),
        reinterpret_cast<const uint8_t*>(b.data()), br, bc, bc);
  std::vector<uint16_t> l0a(l0a_elems(s.m, s.k, 16)), l0b(l0b_elems(s.k, s.n, 16));
  load_l0a(Dtype::kF16, reinterpret_cast<uint8_t*>(l0a.data()),
           reinterpret_cast<const uint8_t*>(l1a.data()), s.m, s.k, ceil16(ar), s.ta);
  load_l0b(Dtype::kF16, reinterpret_cast<uint8_t*>(l0b.data()),
           reinterpret_cast<const uint8_t*>(l1b.data()), s.k, s.n, ceil16(br), s.tb);
  std::vector<float> l0c(l0c_elems(s.m, s.n));
  mmad_f16(l0c.data(), l0a.data(), l0b.data(), s.m, s.k, s.n, true);
  std::vector<uint16_t> c(s.m * s.n);
  fix_f16(reinterpret_cast<uint8_t*>(c.data()), l0c.data(), s.m, s.n, s.n);
  return c;
}

}  // namespace

TEST_CASE("func golden: reference GEMM equals the cube path bit for bit", "[func][tbutil]") {
  const GemmShape shapes[] = {{1, 1, 1},
                              {17, 33, 65},
                              {64, 64, 64},
                              {5, 70, 31, true},
                              {40, 9, 100, false, true},
                              {23, 19, 47, true, true}};
  uint64_t seed = 1;
  size_t overflowed = 0;
  for (const GemmShape& s : shapes) {
    for (EdgeMix mix : {EdgeMix::kNone, EdgeMix::kEdges}) {
      const auto a = npu::tb::random_f16(s.m * s.k, seed++, mix);
      const auto b = npu::tb::random_f16(s.k * s.n, seed++, mix);
      const auto want = npu::tb::gemm_golden_f16(a.data(), b.data(), s);
      const auto got = cube_gemm(a, b, s);
      const auto r = npu::tb::compare_f16(want.data(), got.data(), want.size());
      INFO("shape " << s.m << "x" << s.n << "x" << s.k << " ta " << s.ta << " tb " << s.tb);
      CHECK(r.ok());
      overflowed += std::count_if(want.begin(), want.end(),
                                  [](uint16_t h) { return (h & 0x7fff) == 0x7c00; });
    }
  }
  CHECK(overflowed > 0);  // the edge mix does push some outputs past FP16's range
}

TEST_CASE("func golden: reference GEMM follows the contract on a hand example", "[func][tbutil]") {
  // A = [65504, 65504, -65504] (1 x 3), B = [1, 1, 1]^T: the FP32 sum 131008 - 65504 = 65504 is
  // finite, but the FP16 partial sum would have overflowed.
  const std::vector<uint16_t> a = {0x7bff, 0x7bff, 0xfbff}, b = {0x3c00, 0x3c00, 0x3c00};
  const GemmShape s{1, 1, 3};
  CHECK(npu::tb::gemm_golden_f16_acc(a.data(), b.data(), s)[0] == 65504.0f);
  CHECK(npu::tb::gemm_golden_f16(a.data(), b.data(), s)[0] == 0x7bff);
  // Transposes: A^T stored [k][m], B^T stored [n][k].
  const std::vector<uint16_t> at = {0x3c00, 0x4000, 0x4200, 0x4400};  // [[1, 2], [3, 4]] as [k][m]
  const std::vector<uint16_t> bt = {0x3c00, 0x0000, 0x0000, 0x3c00};  // identity
  const auto c = npu::tb::gemm_golden_f16_acc(at.data(), bt.data(), GemmShape{2, 2, 2, true, true});
  CHECK(c == std::vector<float>{1.0f, 3.0f, 2.0f, 4.0f});
}

TEST_CASE("func golden: compare treats any NaN as equal and reports the first mismatch",
          "[func][tbutil]") {
  const std::vector<uint16_t> want = {0x3c00, 0x7e00, 0x0000, 0x3c00, 0x7c00, 0x4000};
  const std::vector<uint16_t> got = {0x3c00, 0xfd01, 0x8000, 0x3c01, 0x7bff, 0x4000};
  const auto r = npu::tb::compare_f16(want.data(), got.data(), want.size());
  CHECK(r.mismatches == 3);  // -0 vs +0, 1 vs 1+ulp, inf vs 65504
  CHECK(r.first_index == 2);
  CHECK(r.expected_bits == 0x0000);
  CHECK(r.got_bits == 0x8000);
  CHECK(std::isinf(r.max_abs_err));
  const auto r2 = npu::tb::compare_f16(want.data(), got.data(), 4);
  CHECK(r2.max_abs_err == 0x1p-10);
  const std::vector<float> fw = {1.0f, NAN, 2.0f}, fg = {1.0f, -NAN, 2.5f};
  const auto r3 = npu::tb::compare_f32(fw.data(), fg.data(), 3);
  CHECK(r3.mismatches == 1);
  CHECK(r3.first_index == 2);
  CHECK(r3.max_abs_err == 0.5);
}

TEST_CASE("func inputs: random_f16 is deterministic and mixes in ~1% of each edge class",
          "[func][tbutil]") {
  const auto a = npu::tb::random_f16(100'000, 42, EdgeMix::kEdges);
  CHECK(a == npu::tb::random_f16(100'000, 42, EdgeMix::kEdges));
  CHECK(a != npu::tb::random_f16(100'000, 43, EdgeMix::kEdges));
  size_t neg0 = 0, pos0 = 0, sub = 0, inf = 0, nan = 0, large = 0, normal = 0;
  for (uint16_t h : a) {
    const uint16_t mag = h & 0x7fff;
    const float f = f16_to_f32(h);
    if (h == 0x8000) {
      ++neg0;
    } else if (h == 0) {
      ++pos0;
    } else if (mag < 0x0400) {
      ++sub;
    } else if (mag == 0x7c00) {
      ++inf;
    } else if (mag > 0x7c00) {
      ++nan;
    } else if (std::fabs(f) > 256.0f) {
      ++large;
    } else if (f >= -2.0f && f < 2.0f) {
      ++normal;
    }
  }
  for (size_t count : {neg0, pos0, sub, inf, nan, large}) {
    CHECK(count > 500);
    CHECK(count < 1500);
  }
  CHECK(neg0 + pos0 + sub + inf + nan + large + normal == a.size());
  const auto plain = npu::tb::random_f16(100'000, 7, EdgeMix::kNone);
  CHECK(std::all_of(plain.begin(), plain.end(), [](uint16_t h) {
    const float f = f16_to_f32(h);
    return f >= -2.0f && f < 2.0f;
  }));
}
