// Fractal layout offsets: hand-checked examples, bijection over every padded tile, footprints and
// MTE1 source extents against a brute-force maximum over the index range a load touches.
//
// Pure index arithmetic; the data movement itself is tested through the GEMM tests.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <vector>

#include "func/layout.h"

namespace {

using namespace npu::func;

// Every (r, c) of an r_n x c_n index range maps into [0, r_n * c_n) exactly once.
bool is_bijection(size_t r_n, size_t c_n, const std::function<size_t(size_t, size_t)>& off) {
  std::vector<int> hits(r_n * c_n, 0);
  for (size_t r = 0; r < r_n; ++r) {
    for (size_t c = 0; c < c_n; ++c) {
      const size_t o = off(r, c);
      if (o >= hits.size() || hits[o]++ != 0) {
        return false;
      }
    }
  }
  return true;
}

struct Shape {
  size_t a, b;
};
const Shape kShapes[] = {{1, 1}, {16, 16}, {17, 33}, {5, 64}, {48, 7}, {33, 100}, {128, 96}};

}  // namespace

TEST_CASE("func: layout offsets match hand-computed examples", "[func][layout]") {
  CHECK(c0_of(npu::isa::Dtype::kF16) == 16);
  CHECK(c0_of(npu::isa::Dtype::kBF16) == 16);
  CHECK(c0_of(npu::isa::Dtype::kS8) == 32);
  CHECK(c0_of(npu::isa::Dtype::kF32) == 8);
  // NZ, rp = 32, c0 = 16: (0,16) starts the second column block; (17,3) is row 17 of the first.
  CHECK(nz_offset(0, 16, 32, 16) == 512);
  CHECK(nz_offset(17, 3, 32, 16) == 275);
  CHECK(nz_offset(17, 35, 32, 16) == (2 * 32 + 17) * 16 + 3);
  // L0A with kf = 2: element (17, 20) is in fractal (1, 1) = #3, row 1, column 4.
  CHECK(l0a_offset(17, 20, 2, 16) == 3 * 256 + 16 + 4);
  CHECK(l0a_offset(0, 31, 2, 32) == 31);
  // L0B with nf = 2: element (kk=20, j=17) is fractal (1, 1) = #3, n-major: j%16 = 1, kk%16 = 4.
  CHECK(l0b_offset(20, 17, 2, 16) == 3 * 256 + 1 * 16 + 4);
  CHECK(l0b_offset(3, 5, 2, 16) == 5 * 16 + 3);
  // L0C with mp = 32: (3, 17) is in the second column block.
  CHECK(l0c_offset(3, 17, 32) == (32 + 3) * 16 + 1);
  CHECK(nz_elems(17, 33, 16) == 32 * 48);
  CHECK(l0a_elems(17, 33, 16) == 32 * 48);
  CHECK(l0a_elems(17, 33, 32) == 32 * 64);
  CHECK(l0b_elems(33, 17, 16) == 48 * 32);
  CHECK(l0c_elems(17, 33) == 32 * 48);
  CHECK(nz_bytes(npu::isa::Dtype::kF16, 17, 33) == 32 * 48 * 2);
  CHECK(l0a_bytes(npu::isa::Dtype::kS8, 17, 33) == 32 * 64);
  CHECK(l0b_bytes(npu::isa::Dtype::kF16, 33, 17) == 48 * 32 * 2);
  CHECK(l0c_bytes(npu::isa::Dtype::kF32, 17, 33) == 32 * 48 * 4);
  CHECK(nd_extent(3, 5, 8) == 21);
  CHECK(nd_extent(0, 5, 8) == 0);
}

TEST_CASE("func: every layout is a bijection over its padded tile", "[func][layout]") {
  for (size_t c0 : {8, 16, 32}) {
    for (const Shape& s : kShapes) {
      INFO("c0 " << c0 << " shape " << s.a << "x" << s.b);
      const size_t rp = ceil16(s.a);
      const size_t cp = ceil_div(s.b, c0) * c0;
      CHECK(rp * cp == nz_elems(s.a, s.b, c0));
      CHECK(is_bijection(rp, cp, [&](size_t r, size_t c) { return nz_offset(r, c, rp, c0); }));
      const size_t kf = ceil_div(s.b, c0);
      CHECK(rp * kf * c0 == l0a_elems(s.a, s.b, c0));
      CHECK(
          is_bijection(rp, kf * c0, [&](size_t i, size_t k) { return l0a_offset(i, k, kf, c0); }));
      const size_t kp = ceil_div(s.a, c0) * c0;
      const size_t nf = ceil_div(s.b, 16);
      CHECK(kp * nf * 16 == l0b_elems(s.a, s.b, c0));
      CHECK(
          is_bijection(kp, nf * 16, [&](size_t k, size_t j) { return l0b_offset(k, j, nf, c0); }));
    }
  }
  for (const Shape& s : kShapes) {
    const size_t mp = ceil16(s.a);
    CHECK(mp * ceil16(s.b) == l0c_elems(s.a, s.b));
    CHECK(is_bijection(mp, ceil16(s.b), [&](size_t i, size_t j) { return l0c_offset(i, j, mp); }));
  }
}

TEST_CASE("func: MTE1 source extents are the highest element a load touches plus one",
          "[func][layout]") {
  for (size_t c0 : {16, 32}) {
    for (const Shape& s : kShapes) {
      for (bool t : {false, true}) {
        const size_t m = s.a, k = s.b;  // L0A tile m x k, or L0B tile k x n with n = s.a
        const size_t src_rows = ceil16(std::max(m, k)) + 16;
        size_t max_a = 0, max_b = 0;
        for (size_t i = 0; i < ceil16(m); ++i) {
          for (size_t kk = 0; kk < ceil_div(k, c0) * c0; ++kk) {
            max_a = std::max(max_a,
                             t ? nz_offset(kk, i, src_rows, c0) : nz_offset(i, kk, src_rows, c0));
            max_b = std::max(max_b,
                             t ? nz_offset(i, kk, src_rows, c0) : nz_offset(kk, i, src_rows, c0));
          }
        }
        INFO("c0 " << c0 << " " << m << "x" << k << " transpose " << t);
        CHECK(l0a_load_extent(m, k, src_rows, c0, t) == max_a + 1);
        CHECK(l0b_load_extent(k, m, src_rows, c0, t) == max_b + 1);
      }
    }
  }
  CHECK(l0a_load_extent(0, 5, 16, 16, false) == 0);
  CHECK(l0b_load_extent(5, 0, 16, 16, true) == 0);
}
