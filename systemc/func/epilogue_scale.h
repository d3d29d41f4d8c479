// Per-tensor epilogue scaling, as cuBLAS GEMM: C = alpha * (A x B) + beta * C_in, with FP32
// alpha and beta (DESIGN section 6, firmware/ISA.md `epi.ab.*`). One definition for every output
// dtype, in this order, each step FP32 round to nearest even, no FMA:
//   beta == 0:              v = alpha * acc                        (C_in is not read)
//   alpha == 0, beta != 0:  v = beta * c                           (acc is not used)
//   alpha == 0, beta == 0:  v = +0.0                               (neither)
//   otherwise:              v = (alpha * acc) + (beta * c)         (two products, then one add)
// acc is the FP32 accumulator, or float(acc) (RNE) for an INT32 one; c is C_in widened exactly
// (FP16 -> FP32, INT8 -> FP32). v is then stored as FP32, as FP16 (RNE, overflow to inf) or as
// INT8 (s8_from_f32: ties to even, saturated, NaN -> 0). The alpha == 0 / beta == 0 cases follow
// the reference BLAS: a zero factor drops its operand, so a NaN or inf there does not propagate.
// INT8 with beta == 0 is exactly the FIX requantisation requant_s8(acc, alpha).
#pragma once

#include <cstddef>
#include <cstdint>

namespace npu::func {

struct EpiScale {
  float alpha = 1.0f, beta = 0.0f;
  bool reads_c() const { return beta != 0.0f; }  // -0.0 counts as zero, NaN does not
};

inline float epi_scaled(float acc, float c, EpiScale s) {
  if (!s.reads_c()) return s.alpha == 0.0f ? 0.0f : s.alpha * acc;
  const float bc = s.beta * c;
  if (s.alpha == 0.0f) return bc;
  const float aa = s.alpha * acc;
  return aa + bc;
}

// Scaled epilogue stores: accumulator tile [rows x cols] (pitch acc_ld) -> dst (pitch ld
// elements), C_in read from dst itself (in place, as cuBLAS's C) only when s.reads_c().
void epi_ab_f16(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols,
                EpiScale s);
void epi_ab_f32(uint8_t* dst, size_t ld, const float* acc, size_t acc_ld, size_t rows, size_t cols,
                EpiScale s);
void epi_ab_s8(uint8_t* dst, size_t ld, const int32_t* acc, size_t acc_ld, size_t rows, size_t cols,
               EpiScale s);

}  // namespace npu::func
