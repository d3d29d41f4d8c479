// Reference GEMM and comparison (see golden.h). The GEMM unpacks A and B to FP32 row-major and
// runs an i-k-j loop with an FP32 row accumulator: per output the adds stay in ascending k.
//
// Row blocks run on func's worker pool (npuemu --threads); each output is computed by one thread in
// the same order whatever the count. Scratch: B widened to FP32 plus a block of rows per thread.
#include "util/golden.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "func/fp16.h"
#include "func/worker_pool.h"

namespace npu::tb {

namespace {

// row[j] = row[j] + x * brow[j]: for FP32 a multiply, then an add (no contraction); for uint32
// the products and sums mod 2^32 (INT8 x INT8 -> INT32 with wrap-around). Compiled for
// AVX-512 / AVX2 / baseline and picked at load time; the result cannot depend on it.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define NPU_GOLDEN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NPU_GOLDEN_CLONES
#endif
NPU_GOLDEN_CLONES void golden_row_acc(float* __restrict row, float x, const float* __restrict brow,
                                      size_t n) {
  for (size_t j = 0; j < n; ++j) {
    row[j] = row[j] + x * brow[j];
  }
}
NPU_GOLDEN_CLONES void golden_row_acc(uint32_t* __restrict row, uint32_t x,
                                      const uint32_t* __restrict brow, size_t n) {
  for (size_t j = 0; j < n; ++j) {
    row[j] = row[j] + x * brow[j];
  }
}

// The golden GEMM in blocks of rows on func's worker pool: B widened once (K x N of Acc), then
// per block of kRows rows the A rows widened and an i-k-j loop, so each B row is read once per
// block while kRows output rows accumulate in ascending k.
template <typename Acc, typename In, typename Widen>
void golden_rows(const In* a, const In* b, const GemmShape& s, Widen widen,
                 const std::function<void(size_t, size_t, const Acc*)>& sink) {
  const size_t m = s.m, n = s.n, k = s.k;
  std::vector<Acc> bw(k * n);
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) {
      bw[kk * n + j] = widen(s.tb ? b[j * k + kk] : b[kk * n + j]);
    }
  }
  constexpr size_t kRows = 16;
  func::parallel_rows(m, kRows, [&](size_t r0, size_t r1) {
    std::vector<Acc> aw(kRows * k), c(kRows * n);
    for (size_t i0 = r0; i0 < r1; i0 += kRows) {
      const size_t rows = std::min(kRows, r1 - i0);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t kk = 0; kk < k; ++kk) {
          const size_t i = i0 + r;
          aw[r * k + kk] = widen(s.ta ? a[kk * m + i] : a[i * k + kk]);
        }
      }
      std::fill(c.begin(), c.end(), Acc{});
      for (size_t kk = 0; kk < k; ++kk) {
        for (size_t r = 0; r < rows; ++r) {
          golden_row_acc(c.data() + r * n, aw[r * k + kk], bw.data() + kk * n, n);
        }
      }
      sink(i0, rows, c.data());
    }
  });
}

}  // namespace

void gemm_golden_f16_rows(const uint16_t* a, const uint16_t* b, const GemmShape& s,
                          const std::function<void(size_t, size_t, const float*)>& sink) {
  golden_rows<float>(
      a, b, s, [](uint16_t h) { return func::f16_to_f32(h); }, sink);
}

void gemm_golden_s8_rows(const int8_t* a, const int8_t* b, const GemmShape& s,
                         const std::function<void(size_t, size_t, const uint32_t*)>& sink) {
  // Sign-extended, then modular (C++20): the uint32 sums are the INT32 wrap-around results.
  golden_rows<uint32_t>(
      a, b, s, [](int8_t x) { return static_cast<uint32_t>(static_cast<int32_t>(x)); }, sink);
}

std::vector<float> gemm_golden_f16_acc(const uint16_t* a, const uint16_t* b, const GemmShape& s) {
  std::vector<float> c(s.m * s.n);
  gemm_golden_f16_rows(a, b, s, [&](size_t i0, size_t rows, const float* acc) {
    std::copy(acc, acc + rows * s.n, c.begin() + static_cast<std::ptrdiff_t>(i0 * s.n));
  });
  return c;
}

std::vector<uint16_t> gemm_golden_f16(const uint16_t* a, const uint16_t* b, const GemmShape& s) {
  const std::vector<float> acc = gemm_golden_f16_acc(a, b, s);
  std::vector<uint16_t> out(acc.size());
  func::f32_to_f16_n(acc.data(), out.data(), acc.size());
  return out;
}

namespace {

void note(CompareResult& r, size_t i, uint32_t e_bits, uint32_t g_bits, double e, double g) {
  if (r.mismatches++ == 0) {
    r.first_index = i;
    r.expected_bits = e_bits;
    r.got_bits = g_bits;
  }
  if (!std::isnan(e) && !std::isnan(g)) {
    const double err = std::isinf(e) || std::isinf(g) ? INFINITY : std::fabs(e - g);
    if (err > r.max_abs_err) {
      r.max_abs_err = err;
    }
  }
}

}  // namespace

CompareResult compare_f16(const uint16_t* expected, const uint16_t* got, size_t count) {
  CompareResult r;
  for (size_t i = 0; i < count; ++i) {
    const uint16_t e = expected[i], g = got[i];
    if (e == g || (func::f16_is_nan(e) && func::f16_is_nan(g))) {
      continue;
    }
    note(r, i, e, g, func::f16_to_f32(e), func::f16_to_f32(g));
  }
  return r;
}

void merge_compare(CompareResult& total, const CompareResult& part, size_t offset) {
  if (part.mismatches == 0) return;
  if (total.mismatches == 0 || part.first_index + offset < total.first_index) {
    total.first_index = part.first_index + offset;
    total.expected_bits = part.expected_bits;
    total.got_bits = part.got_bits;
  }
  total.mismatches += part.mismatches;
  total.max_abs_err = std::max(total.max_abs_err, part.max_abs_err);
}

CompareResult compare_f32(const float* expected, const float* got, size_t count) {
  CompareResult r;
  for (size_t i = 0; i < count; ++i) {
    const uint32_t e = std::bit_cast<uint32_t>(expected[i]);
    const uint32_t g = std::bit_cast<uint32_t>(got[i]);
    if (e == g || (std::isnan(expected[i]) && std::isnan(got[i]))) {
      continue;
    }
    note(r, i, e, g, expected[i], got[i]);
  }
  return r;
}

}  // namespace npu::tb
