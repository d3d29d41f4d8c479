// Bulk FP16/BF16 <-> FP32 conversions (the scalar definitions live inline in fp16.h).
//
// The loops call the same scalar functions, so bulk and scalar results are identical by
// construction; the normal-number path is the hot, well-predicted branch. Ignores the FP
// environment entirely (integer code only).
#include "func/fp16.h"

namespace npu::func {

void f16_to_f32_n(const uint16_t* src, float* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = f16_to_f32(src[i]);
  }
}

void f32_to_f16_n(const float* src, uint16_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = f32_to_f16(src[i]);
  }
}

void bf16_to_f32_n(const uint16_t* src, float* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = bf16_to_f32(src[i]);
  }
}

void f32_to_bf16_n(const float* src, uint16_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = f32_to_bf16(src[i]);
  }
}

}  // namespace npu::func
