// Vector-engine elementwise arithmetic (see vector_ops.h for the per-op contract).
//
// One templated loop per op so the op switch sits outside the element loop. Integer vector ops,
// reductions and transcendental functions are not modelled yet.
#include "func/vector_ops.h"

#include <bit>
#include <cmath>
#include <cstdint>

#include "func/fp16.h"

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
void loop_f32(float* dst, const float* a, const float* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = apply<kOp>(a[i], kOp == VecOp::kRelu ? 0.0f : b[i]);
  }
}

template <VecOp kOp>
void loop_f16(uint16_t* dst, const uint16_t* a, const uint16_t* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float fb = kOp == VecOp::kRelu ? 0.0f : f16_to_f32(b[i]);
    dst[i] = f32_to_f16(apply<kOp>(f16_to_f32(a[i]), fb));
  }
}

}  // namespace

float vec_op_f32(VecOp op, float a, float b) {
  switch (op) {
    case VecOp::kAdd:
      return apply<VecOp::kAdd>(a, b);
    case VecOp::kSub:
      return apply<VecOp::kSub>(a, b);
    case VecOp::kMul:
      return apply<VecOp::kMul>(a, b);
    case VecOp::kMax:
      return apply<VecOp::kMax>(a, b);
    case VecOp::kMin:
      return apply<VecOp::kMin>(a, b);
    case VecOp::kRelu:
      return apply<VecOp::kRelu>(a, 0.0f);
  }
  return a;
}

void vec_f32(VecOp op, float* dst, const float* a, const float* b, size_t n) {
  switch (op) {
    case VecOp::kAdd:
      loop_f32<VecOp::kAdd>(dst, a, b, n);
      break;
    case VecOp::kSub:
      loop_f32<VecOp::kSub>(dst, a, b, n);
      break;
    case VecOp::kMul:
      loop_f32<VecOp::kMul>(dst, a, b, n);
      break;
    case VecOp::kMax:
      loop_f32<VecOp::kMax>(dst, a, b, n);
      break;
    case VecOp::kMin:
      loop_f32<VecOp::kMin>(dst, a, b, n);
      break;
    case VecOp::kRelu:
      loop_f32<VecOp::kRelu>(dst, a, b, n);
      break;
  }
}

void vec_f16(VecOp op, uint16_t* dst, const uint16_t* a, const uint16_t* b, size_t n) {
  switch (op) {
    case VecOp::kAdd:
      loop_f16<VecOp::kAdd>(dst, a, b, n);
      break;
    case VecOp::kSub:
      loop_f16<VecOp::kSub>(dst, a, b, n);
      break;
    case VecOp::kMul:
      loop_f16<VecOp::kMul>(dst, a, b, n);
      break;
    case VecOp::kMax:
      loop_f16<VecOp::kMax>(dst, a, b, n);
      break;
    case VecOp::kMin:
      loop_f16<VecOp::kMin>(dst, a, b, n);
      break;
    case VecOp::kRelu:
      loop_f16<VecOp::kRelu>(dst, a, b, n);
      break;
  }
}

}  // namespace npu::func
