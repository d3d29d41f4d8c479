// Vector-engine elementwise arithmetic (see vector_ops.h for the per-op contract).
//
// One templated loop per op so the op switch sits outside the element loop. Integer vector ops
// are not modelled yet; reductions, broadcasts and the repeat/stride/mask addressing live in
// vector_repeat.cpp.
#include "func/vector_ops.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "func/fp16.h"
#include "func/simd.h"
#include "func/vector_math.h"

namespace npu::func {

namespace {

float quiet(float x) { return std::bit_cast<float>(std::bit_cast<uint32_t>(x) | 0x00400000u); }

// x > y in the total order used by max/min (-0 < +0); neither is NaN.
bool greater(float x, float y) {
  if (x == y) {
    return !std::signbit(x) && std::signbit(y);
  }
  return x > y;
}

template <VecOp kOp>
float apply(float a, float b) {
  if constexpr (kOp == VecOp::kAdd) {
    return a + b;
  } else if constexpr (kOp == VecOp::kSub) {
    return a - b;
  } else if constexpr (kOp == VecOp::kMul) {
    return a * b;
  } else if constexpr (kOp == VecOp::kDiv) {
    return a / b;
  } else if constexpr (kOp == VecOp::kSqrt) {
    return std::sqrt(a);
  } else if constexpr (kOp == VecOp::kRec) {
    return 1.0f / a;
  } else if constexpr (kOp == VecOp::kExp) {
    return exp_f32(a);
  } else if constexpr (kOp == VecOp::kLn) {
    return ln_f32(a);
  } else {
    if constexpr (kOp == VecOp::kRelu) {
      b = 0.0f;
    }
    if (a != a) {
      return quiet(a);
    }
    if (b != b) {
      return quiet(b);
    }
    if constexpr (kOp == VecOp::kMin) {
      return greater(a, b) ? b : a;
    } else {
      return greater(b, a) ? b : a;
    }
  }
}

template <VecOp kOp>
NPU_FUNC_CLONES void loop_f32(float* dst, const float* a, const float* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = apply<kOp>(a[i], vec_op_is_unary(kOp) ? 0.0f : b[i]);
  }
}

template <VecOp kOp>
NPU_FUNC_CLONES void loop_f16(uint16_t* dst, const uint16_t* a, const uint16_t* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float fb = vec_op_is_unary(kOp) ? 0.0f : f16_to_f32(b[i]);
    dst[i] = f32_to_f16(apply<kOp>(f16_to_f32(a[i]), fb));
  }
}

// Calls f(std::integral_constant<VecOp, op>) for the run-time op, so loops are instantiated
// once per op and the switch stays outside them.
template <typename F>
void with_op(VecOp op, F&& f) {
  switch (op) {
    case VecOp::kAdd:
      f(std::integral_constant<VecOp, VecOp::kAdd>{});
      break;
    case VecOp::kSub:
      f(std::integral_constant<VecOp, VecOp::kSub>{});
      break;
    case VecOp::kMul:
      f(std::integral_constant<VecOp, VecOp::kMul>{});
      break;
    case VecOp::kDiv:
      f(std::integral_constant<VecOp, VecOp::kDiv>{});
      break;
    case VecOp::kMax:
      f(std::integral_constant<VecOp, VecOp::kMax>{});
      break;
    case VecOp::kMin:
      f(std::integral_constant<VecOp, VecOp::kMin>{});
      break;
    case VecOp::kRelu:
      f(std::integral_constant<VecOp, VecOp::kRelu>{});
      break;
    case VecOp::kExp:
      f(std::integral_constant<VecOp, VecOp::kExp>{});
      break;
    case VecOp::kLn:
      f(std::integral_constant<VecOp, VecOp::kLn>{});
      break;
    case VecOp::kSqrt:
      f(std::integral_constant<VecOp, VecOp::kSqrt>{});
      break;
    case VecOp::kRec:
      f(std::integral_constant<VecOp, VecOp::kRec>{});
      break;
  }
}

}  // namespace

float vec_op_f32(VecOp op, float a, float b) {
  float r = a;
  with_op(op, [&](auto k) { r = apply<decltype(k)::value>(a, vec_op_is_unary(k) ? 0.0f : b); });
  return r;
}

void vec_f32(VecOp op, float* dst, const float* a, const float* b, size_t n) {
  with_op(op, [&](auto k) { loop_f32<decltype(k)::value>(dst, a, b, n); });
}

void vec_f16(VecOp op, uint16_t* dst, const uint16_t* a, const uint16_t* b, size_t n) {
  with_op(op, [&](auto k) { loop_f16<decltype(k)::value>(dst, a, b, n); });
}

}  // namespace npu::func
