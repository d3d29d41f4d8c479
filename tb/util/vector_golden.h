// Reference results for the vector kernels (eltwise, softmax), independent of the model's vector
// path: plain loops in double precision; they share only the FP16 conversions with the model.
//
// eltwise: add/mul computed exactly in double (a sum or product of two FP16 values is exact
// there), rounded to FP32 and then to FP16: correct rounding, since FP32 keeps >= 2*11+2 bits.
// relu: x > 0 ? x : +0, NaN stays NaN. These are bit-exact references.
// softmax: the real-number softmax of each row, in double (max, x - max, exp, sum, divide): the
// kernels' FP32 internals are accurate to ~1e-5 relative, far below FP16's 2^-11, so a correct
// kernel lands within 1 FP16 ulp of it (compare_f16_ulp). Where IEEE arithmetic on the row gives
// NaN (a NaN or +inf in the row, or a row of only -inf) the reference is NaN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "util/golden.h"

namespace npu::tb {

enum class EltwiseOp : uint8_t { kAdd = 0, kMul = 1, kRelu = 2 };

std::vector<uint16_t> eltwise_golden_f16(EltwiseOp op, const uint16_t* x, const uint16_t* y,
                                         size_t n);
std::vector<double> softmax_golden(const uint16_t* x, size_t rows, size_t cols);

// FP16 result vs an exact (double) reference: each got[i] must be within `ulps` FP16 ulps of
// expected[i] (ulp of the FP16 binade of |expected|, 2^-24 below 2^-14; inf and NaN must match
// exactly, any NaN equals any NaN). expected_bits in the result holds the nearest FP16 value.
CompareResult compare_f16_ulp(const double* expected, const uint16_t* got, size_t count,
                              double ulps);

}  // namespace npu::tb
