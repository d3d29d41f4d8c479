// Cube-path engine semantics on raw buffers: MTE2 nd2nz, MTE1 L1 -> L0A/L0B loads, MMAD, FIX.
//
// Each function is the exact data transformation of one instruction (DESIGN section 6); the
// SystemC model decides when it runs and bounds-checks every buffer first with the footprint and
// extent helpers of layout.h (these functions trust their arguments). Buffers are byte pointers
// for the movers (elements are copied as bit patterns, so any dtype of that size works) and typed
// pointers for the arithmetic. Deliberately ignores timing, banks, strides other than the GM row
// stride.
#pragma once

#include <cstddef>
#include <cstdint>

#include "isa/isa.h"

namespace npu::func {

// MTE2 ND -> NZ: GM row-major [rows x cols] (row stride ld >= cols elements) -> NZ at dst_l1 with
// rp = ceil16(rows) and column blocks of c0_of(d). Writes nz_elems(rows, cols, c0) elements; every
// padding element (rows..rp-1, cols..ceil(cols/c0)*c0-1) is zero. Reads nd_extent(rows, cols, ld).
void nd2nz(isa::Dtype d, uint8_t* dst_l1, const uint8_t* src_gm, size_t rows, size_t cols,
           size_t ld);

// MTE1 L1 (NZ with padded rows src_rows, c0 = c0_of(d)) -> L0A. Non-transposed A[i][kk] = X[i][kk];
// transposed A[i][kk] = X[kk][i]. Writes the whole padded tile, l0a_elems(m, k, c0) elements, by
// the same formula over the padded index range (so padding holds whatever X holds there; X's own
// padding is zero after nd2nz). Reads l0a_load_extent(m, k, src_rows, c0, transpose) elements.
void load_l0a(isa::Dtype d, uint8_t* dst_l0a, const uint8_t* src_l1, size_t m, size_t k,
              size_t src_rows, bool transpose);

// MTE1 L1 -> L0B. Non-transposed B[kk][j] = X[kk][j]; transposed B[kk][j] = X[j][kk]. Writes
// l0b_elems(k, n, c0) elements; reads l0b_load_extent(k, n, src_rows, c0, transpose).
void load_l0b(isa::Dtype d, uint8_t* dst_l0b, const uint8_t* src_l1, size_t k, size_t n,
              size_t src_rows, bool transpose);

// Source elements read by the loads above (c0 taken from d).
size_t src_extent_load_l0a(isa::Dtype d, size_t m, size_t k, size_t src_rows, bool transpose);
size_t src_extent_load_l0b(isa::Dtype d, size_t k, size_t n, size_t src_rows, bool transpose);

// MMAD: for each i < m, j < n: acc = init ? +0.0f : C[i][j]; then for kk = 0..k-1 ascending
// acc = acc + float(A[i][kk]) * float(B[kk][j]), each product exact in FP32 and each add rounded
// to nearest even (no fused multiply-add); C[i][j] = acc. C is L0C (mp = ceil16(m)), A is L0A and
// B is L0B with c0 = 16. L0C elements with i >= m or j >= n are untouched; padding K values
// (kk >= k) are never read. Requires the default FP environment (RNE, no flush-to-zero).
void mmad_f16(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
              size_t n, bool init);
// As mmad_f16 with bf16 inputs. Unlike fp16, a bf16 x bf16 product is not always exact in FP32:
// products below FP32's normal range (|p| < 2^-126) are rounded to a subnormal or zero, and
// products above FLT_MAX overflow to inf.
void mmad_bf16(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
               size_t n, bool init);
// INT8 x INT8 -> INT32 with two's-complement wrap-around; L0A/L0B use c0 = 32.
void mmad_s8(int32_t* c_l0c, const int8_t* a_l0a, const int8_t* b_l0b, size_t m, size_t k, size_t n,
             bool init);

// FIX L0C -> GM: C[i][j] (L0C layout, mp = ceil16(m)) to GM row-major with row stride ld >= n
// elements, writing only i < m, j < n. fix_f16 rounds to FP16 (RNE, overflow to inf).
void fix_f16(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld);
void fix_f32(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld);
void fix_s32(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld);
// fix_bf16 rounds to BF16 (RNE, overflow to inf, NaN stays NaN).
void fix_bf16(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld);

// INT32 -> INT8 requantisation (FIX), exactly:
//   x = float(acc)            (to FP32, round to nearest even: exact for |acc| <= 2^24)
//   p = x * scale             (FP32 multiply, round to nearest even)
//   q = p rounded to an integer, ties to even
//   result = q saturated to [-128, 127]   (+inf -> 127, -inf -> -128; NaN -> 0)
int8_t requant_s8(int32_t acc, float scale);
// The last two steps alone: an FP32 value rounded to an integer (ties to even) and saturated to
// [-128, 127], NaN -> 0 (requant_s8(acc, s) == s8_from_f32(float(acc) * s)).
int8_t s8_from_f32(float p);
// fix_s8 applies requant_s8 to every element of the tile.
void fix_s8(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld, float scale);
// Per-channel requantisation (scales from the fixpipe buffer): column j uses scales[j].
void fix_s8_per_channel(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld,
                        const float* scales);

// Bias from the bias table (mmad.bias): C[i][j] = bias[j] for i < m, j < n (L0C layout,
// mp = ceil16(m)); the MMAD then accumulates onto it as mmad without init. 4-byte entries: FP32
// for FP16/BF16 inputs, INT32 for INT8.
void fill_bias(uint32_t* c_l0c, const uint32_t* bias, size_t m, size_t n);

}  // namespace npu::func
