// Fractal layouts of the DaVinci memories: ND (GM), NZ (L1), Zz (L0A), Zn (L0B), NZ 16x16 (L0C).
//
// All offsets and sizes are in ELEMENTS of the buffer's dtype; a fractal row is 32 bytes, so
// c0 = 32 / element size (fp16/bf16: 16, int8: 32, fp32/int32: 8). Rows are padded to multiples
// of 16, columns to multiples of c0 (L0A/L0B/NZ) or 16 (L0B n, L0C). Pure index arithmetic: no
// banks, no alignment rules beyond the fractal grid, and no bounds checks (callers check extents
// against buffer sizes with the *_elems and *_extent helpers).
#pragma once

#include <cstddef>

#include "isa/isa.h"

namespace npu::func {

inline constexpr size_t kFractalBytes = 32;  // one fractal row
inline constexpr size_t kFractalRows = 16;

constexpr size_t ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }
constexpr size_t ceil16(size_t a) { return ceil_div(a, 16) * 16; }

// Elements per 32-byte fractal row for `d` (fp16/bf16: 16, int8: 32, fp32/int32: 8).
inline size_t c0_of(isa::Dtype d) {
  return kFractalBytes / static_cast<size_t>(isa::dtype_bytes(d));
}

// NZ: logical X[R][C] with padded rows rp (multiple of 16) stored as column blocks of c0 columns,
// each block rp x c0 row-major.
constexpr size_t nz_offset(size_t row, size_t col, size_t rp, size_t c0) {
  return ((col / c0) * rp + row) * c0 + col % c0;
}
constexpr size_t nz_elems(size_t rows, size_t cols, size_t c0) {
  return ceil16(rows) * ceil_div(cols, c0) * c0;
}

// L0A (Zz): A[m][k] as 16 x c0 fractals, fractal grid row-major, inside row-major; kf = ceil(k/c0).
constexpr size_t l0a_offset(size_t i, size_t kk, size_t kf, size_t c0) {
  return ((i / 16) * kf + kk / c0) * 16 * c0 + (i % 16) * c0 + kk % c0;
}
constexpr size_t l0a_elems(size_t m, size_t k, size_t c0) {
  return ceil16(m) * ceil_div(k, c0) * c0;
}

// L0B (Zn): B[k][n] as c0 (k) x 16 (n) fractals, grid row-major over (k block, n block), inside
// n-major; nf = ceil(n/16).
constexpr size_t l0b_offset(size_t kk, size_t j, size_t nf, size_t c0) {
  return ((kk / c0) * nf + j / 16) * c0 * 16 + (j % 16) * c0 + kk % c0;
}
constexpr size_t l0b_elems(size_t k, size_t n, size_t c0) {
  return ceil_div(k, c0) * c0 * ceil16(n);
}

// L0C: C[m][n] (fp32/int32) as NZ with 16 x 16 fractals; mp = ceil16(m).
constexpr size_t l0c_offset(size_t i, size_t j, size_t mp) {
  return ((j / 16) * mp + i) * 16 + j % 16;
}
constexpr size_t l0c_elems(size_t m, size_t n) { return ceil16(m) * ceil16(n); }

// GM ND: elements of a row-major [rows x cols] matrix with row stride ld that a transfer touches
// (0 for an empty matrix). Requires ld >= cols.
constexpr size_t nd_extent(size_t rows, size_t cols, size_t ld) {
  return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
}

// MTE1 source extents: the number of elements from the L1 source start that load_l0a/load_l0b
// read (highest offset touched + 1; 0 when the tile is empty). The loads read the whole padded
// tile, i.e. rows/columns up to the fractal-rounded sizes, through nz_offset(., ., src_rows, c0).
constexpr size_t l0a_load_extent(size_t m, size_t k, size_t src_rows, size_t c0, bool transpose) {
  if (m == 0 || k == 0) {
    return 0;
  }
  const size_t i_max = ceil16(m) - 1;
  const size_t k_max = ceil_div(k, c0) * c0 - 1;
  return (transpose ? nz_offset(k_max, i_max, src_rows, c0)
                    : nz_offset(i_max, k_max, src_rows, c0)) +
         1;
}
constexpr size_t l0b_load_extent(size_t k, size_t n, size_t src_rows, size_t c0, bool transpose) {
  if (k == 0 || n == 0) {
    return 0;
  }
  const size_t k_max = ceil_div(k, c0) * c0 - 1;
  const size_t j_max = ceil16(n) - 1;
  return (transpose ? nz_offset(j_max, k_max, src_rows, c0)
                    : nz_offset(k_max, j_max, src_rows, c0)) +
         1;
}

// Footprints in bytes for element type `d` (L0C takes the accumulator type, fp32 or int32).
size_t nz_bytes(isa::Dtype d, size_t rows, size_t cols);
size_t l0a_bytes(isa::Dtype d, size_t m, size_t k);
size_t l0b_bytes(isa::Dtype d, size_t k, size_t n);
size_t l0c_bytes(isa::Dtype acc, size_t m, size_t n);

}  // namespace npu::func
