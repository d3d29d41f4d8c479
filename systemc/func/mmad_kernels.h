// Internal to npu_func: the vector MMAD micro-kernels and the packed operands they take.
//
// The kernels write L0C in place: column block jb (16 columns) of row i is the 16 contiguous
// elements at c + jb * c_block_stride + i * 16 (the L0C NZ layout, c_block_stride = mp * 16). A is
// row-major, B is packed per column block so that the 16 values a kernel multiplies with one A
// element are contiguous. Each kernel computes rows [row0, row1) of column blocks [0, nb); every
// output sees its k products in ascending k, so splitting rows over threads cannot change a bit.
//
// This header is included by files compiled for AVX2 / AVX-512 (per-file flags): it must stay
// free of inline functions and templates, which the linker could take from such a file.
#pragma once

#include <cstddef>
#include <cstdint>

namespace npu::func::kernels {

// FP32 accumulation of FP16 / BF16 inputs already widened to FP32.
struct MmadF32Job {
  float* c;
  size_t c_block_stride;
  const float* a;  // A[i][kk] at a[i * lda + kk]
  size_t lda;
  const float* b;  // B[kk][jb * 16 + jj] at b[(jb * k + kk) * 16 + jj]
  size_t k, nb;
  size_t row0, row1;
  bool init;  // start from +0.0f instead of L0C
};

// INT8: A is stored as (a + 128) in uint8 (a XOR 0x80), row-major with lda = 4 * kq; B packed as
// b[((jb * kq + q) * 16 + jj) * 4 + t] = B[4q + t][jb * 16 + jj] (zero past k); bias[j] is
// -128 * sum_k B[k][j] (mod 2^32), which cancels the +128 of A. All arithmetic is mod 2^32, so
// the order of the additions does not matter and the result equals the wrap-around definition.
struct MmadS8Job {
  int32_t* c;
  size_t c_block_stride;
  const uint8_t* a;
  size_t lda;
  const int8_t* b;
  const int32_t* bias;  // nb * 16 values
  size_t kq, nb;
  size_t row0, row1;
  bool init;
};

// fused: products are exact in FP32 (FP16 inputs), so a fused multiply-add rounds exactly as
// the separate multiply and add of the contract do. Otherwise (BF16) multiply, then add.
void mmad_f32_avx512(const MmadF32Job& job, bool fused);
void mmad_f32_avx2(const MmadF32Job& job, bool fused);
void mmad_s8_avx512_vnni(const MmadS8Job& job);

// FP16 -> FP32 with F16C (vcvtph2ps): exact, but a signalling NaN comes back quietened (fp16.h's
// f16_to_f32 keeps it signalling), so only for operands whose NaN payloads do not matter (MMAD).
void widen_f16_avx512(const uint16_t* src, float* dst, size_t n);
void widen_f16_avx2(const uint16_t* src, float* dst, size_t n);

// The FP16 operands of mmad_f32_avx512 straight from L0A / L0B (c0 = 16), widened with F16C
// as widen_f16_*: A row-major with lda = 16 * kf, B in MmadF32Job's per-block layout.
void pack_a_f16_avx512(const uint16_t* l0a, float* a, size_t m, size_t kf);
void pack_b_f16_avx512(const uint16_t* l0b, float* b, size_t k, size_t nf);

// Bulk conversions with F16C / AVX-512 (same results as fp16.h's scalar definitions).
void f32_to_f16_n_avx512(const float* src, uint16_t* dst, size_t n);
void f32_to_f16_n_avx2(const float* src, uint16_t* dst, size_t n);

}  // namespace npu::func::kernels
