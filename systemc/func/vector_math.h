// Transcendental functions of the vector unit, defined precisely so that every host computes the
// same bits (DESIGN section 6: transcendental ops document their error bound).
//
// exp_f32(x) and ln_f32(x) evaluate the function in double precision with our own range reduction
// and polynomial (no libm, no FMA: the build uses -ffp-contract=off), then round the double result
// once to FP32 (RNE, IEEE overflow to inf, gradual underflow). The double value's relative error
// is below 2^-48, so the FP32 result is within 0.5 + 2^-24 ulp of the exact value (at most 1 ulp;
// it is the correctly rounded value unless the exact value lies within 2^-48 relative of a
// rounding midpoint). tests/unit/test_func_vector_math.cpp checks the bound against long double.
// FP16 forms round the FP32 result to FP16: within 0.5 + 2^-13 ulp of FP16 (at most 1 ulp).
// Specials: exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = +0; ln(NaN or x < 0) = NaN,
// ln(+-0) = -inf, ln(+inf) = +inf, ln(1) = +0.
#pragma once

namespace npu::func {

float exp_f32(float x);
float ln_f32(float x);

}  // namespace npu::func
