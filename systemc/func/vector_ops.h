// Vector-engine elementwise arithmetic on contiguous FP16 and FP32 arrays (DESIGN section 6).
//
// FP16 ops are computed in FP32 and rounded once to FP16 (RNE). For add/sub/mul/div/sqrt this is
// correctly rounded: FP32's 24-bit significand is >= 2*11+2, so the double rounding is innocuous
// (and FP16 inputs' exact results never leave FP32's range). max/min/relu are exact; rec is
// 1/x, so also correctly rounded. exp/ln use vector_math.h (documented bound, at most 1 ulp).
// Deliberately ignores IEEE exception flags, non-RNE rounding modes and NaN payloads (only
// NaN-ness is part of the contract). Requires the default FP environment (RNE, no flush-to-zero).
#pragma once

#include <cstddef>
#include <cstdint>

namespace npu::func {

enum class VecOp : uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMax,
  kMin,  // binary
  kRelu,
  kExp,
  kLn,
  kSqrt,
  kRec,  // unary (b ignored)
};

constexpr bool vec_op_is_unary(VecOp op) { return op >= VecOp::kRelu; }

// Semantics per element (a, b -> result):
//   add/sub/mul/div/sqrt: IEEE 754, RNE. rec: 1 / a, IEEE.
//   max/min: NaN-propagating (IEEE 754-2019 maximum/minimum): a NaN operand gives a quiet NaN;
//     -0 < +0, so max(-0, +0) = +0 and min(-0, +0) = -0.
//   relu: max(a, +0) with the same rules: relu(-0) = +0, relu(-x) = +0, relu(NaN) = quiet NaN.
//   exp/ln: exp_f32 / ln_f32 (vector_math.h).
//   Unary ops ignore b, which may be null.
float vec_op_f32(VecOp op, float a, float b);

// dst[i] = op(a[i], b[i]) for i < n. dst may alias a or b exactly (in-place), not partially.
void vec_f32(VecOp op, float* dst, const float* a, const float* b, size_t n);
void vec_f16(VecOp op, uint16_t* dst, const uint16_t* a, const uint16_t* b, size_t n);

}  // namespace npu::func
