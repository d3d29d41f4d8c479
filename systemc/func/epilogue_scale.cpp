// Scaled epilogue stores (see epilogue_scale.h).
#include "func/epilogue_scale.h"

#include <cstring>

#include "func/cube_ops.h"
#include "func/fp16.h"

namespace npu::func {
namespace {

// For every element: v = epi_scaled(float(acc), widen(C_in), s), stored with narrow(v). T is the
// stored element type.
template <typename T, typename Acc, typename Widen, typename Narrow>
void scale_tile(uint8_t* dst, size_t ld, const Acc* acc, size_t acc_ld, size_t rows, size_t cols,
                EpiScale s, Widen widen, Narrow narrow) {
  const bool read = s.reads_c();
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) {
      uint8_t* p = dst + (i * ld + j) * sizeof(T);
      T c{};
      if (read) std::memcpy(&c, p, sizeof(T));
      const T out = narrow(epi_scaled(static_cast<float>(acc[i * acc_ld + j]), widen(c), s));
      std::memcpy(p, &out, sizeof(T));
    }
  }
}

}  // namespace

void epi_ab_f16(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols,
                EpiScale s) {
  scale_tile<uint16_t>(dst, ld, acc, acc_ld, rows, cols, s, f16_to_f32, f32_to_f16);
}

void epi_ab_f32(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols,
                EpiScale s) {
  scale_tile<float>(
      dst, ld, acc, acc_ld, rows, cols, s, [](float c) { return c; }, [](float v) { return v; });
}

void epi_ab_s8(uint8_t* dst, size_t ld, const int32_t* acc, size_t acc_ld, size_t rows, size_t cols,
               EpiScale s) {
  scale_tile<int8_t>(
      dst, ld, acc, acc_ld, rows, cols, s, [](int8_t c) { return static_cast<float>(c); },
      s8_from_f32);
}

}  // namespace npu::func
