// Reference GEMM and result comparison for testbench checks.
//
// Independent of the cube path on purpose: plain row-major arithmetic, no fractal layouts and no
// call into mmad; it shares only the FP16 conversions with the model. It implements the numerics
// contract of DESIGN section 6 (acc = +0.0f, then acc + float(a) * float(b) in ascending k, FP32
// RNE, no FMA). Deliberately ignores tiling: the result of any correct tiling is the same bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace npu::tb {

struct GemmShape {
  size_t m = 0, n = 0, k = 0;
  bool ta = false;  // A stored as [k][m] instead of [m][k]
  bool tb = false;  // B stored as [n][k] instead of [k][n]
};

// The FP32 accumulators of C in blocks of rows, without holding C: sink(i0, rows, acc) gets
// acc[r * n + j] = C[i0 + r][j]. Blocks may come from several threads at once (func's worker
// pool), each block exactly once; sink must be safe to call concurrently for distinct blocks.
void gemm_golden_f16_rows(const uint16_t* a, const uint16_t* b, const GemmShape& s,
                          const std::function<void(size_t, size_t, const float*)>& sink);
// The same for INT8 x INT8 -> INT32 (wrap-around); acc holds the INT32 bits as uint32.
void gemm_golden_s8_rows(const int8_t* a, const int8_t* b, const GemmShape& s,
                         const std::function<void(size_t, size_t, const uint32_t*)>& sink);
// C[m][n] row-major: FP32 accumulators, and those rounded to FP16 (RNE, overflow to inf).
std::vector<float> gemm_golden_f16_acc(const uint16_t* a, const uint16_t* b, const GemmShape& s);
std::vector<uint16_t> gemm_golden_f16(const uint16_t* a, const uint16_t* b, const GemmShape& s);

// Bitwise comparison except that any NaN equals any NaN (NaN payloads are not part of the
// contract); -0 and +0 differ.
struct CompareResult {
  size_t mismatches = 0;
  size_t first_index = 0;                    // valid when mismatches > 0
  uint32_t expected_bits = 0, got_bits = 0;  // at first_index
  // Largest |expected - got| over mismatching pairs where neither is NaN (inf when one side is
  // infinite); 0 when there is none.
  double max_abs_err = 0.0;

  bool ok() const { return mismatches == 0; }
};
CompareResult compare_f16(const uint16_t* expected, const uint16_t* got, size_t count);
// Adds part, the comparison of the elements from index `offset` on, to total (first_index stays
// the lowest mismatching index over both).
void merge_compare(CompareResult& total, const CompareResult& part, size_t offset);
CompareResult compare_f32(const float* expected, const float* got, size_t count);

}  // namespace npu::tb
