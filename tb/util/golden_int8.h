// Reference INT8 GEMM and requantisation for testbench checks.
//
// Independent of the model on purpose: the GEMM accumulates in int64 and wraps to int32 only at
// the end (equal to int32 two's-complement wrap-around after every add, since both are exact
// modulo 2^32); the requantisation multiplies in double (exact for an FP32 x FP32 product) and
// rounds half to even by hand, instead of relying on the FP environment as systemc/func does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "util/golden.h"

namespace npu::tb {

// C[m][n] row-major INT32 = A x B over INT8 operands (s.ta / s.tb: stored transposed).
std::vector<int32_t> gemm_golden_s8(const int8_t* a, const int8_t* b, const GemmShape& s);

// The FIX requantisation contract (DESIGN section 6, firmware/ISA.md `fix.s8`):
// float(acc) rounded to FP32, times scale rounded to FP32, rounded to an integer half to even,
// saturated to [-128, 127]; NaN gives 0.
int8_t requant_golden(int32_t acc, float scale);
// Its last steps alone: an FP32 value rounded to an integer half to even, saturated, NaN -> 0.
int8_t s8_golden(float v);

// Positions where two integer tensors differ (first index, count).
CompareResult compare_s32(const int32_t* expected, const int32_t* got, size_t count);
CompareResult compare_s8(const int8_t* expected, const int8_t* got, size_t count);

}  // namespace npu::tb
