// Reference epilogue scaling for testbench checks: C = alpha * acc + beta * C_in, the contract of
// DESIGN section 6 (func/epilogue_scale.h is the model's implementation; this one is written
// apart from it on purpose): each FP32 product is computed exactly in double and rounded to FP32
// once, the sum of the two FP32 products likewise (double rounding is harmless for one add of
// two FP32 values: 53 >= 2 * 24 + 2). beta == 0 ignores c, alpha == 0 ignores acc (reference BLAS).
#pragma once

namespace npu::tb {

float scaled_golden(float acc, float c, float alpha, float beta);

}  // namespace npu::tb
