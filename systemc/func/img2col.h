// MTE1 load3d: img2col from an L1 feature map straight into L0A fractals (the convolution path).
//
// The feature map of one image — or a band of its rows, image rows ROW0 .. ROW0+BAND-1 — sits
// in L1 as nd2nz made it from the NHWC tensor viewed as a [BAND*W x C] matrix: C1 = ceil(C/16)
// column blocks, each ceil16(BAND*W) rows of 16 FP16 channels (image pixel (ih, iw) channel c at
// nz_offset((ih - ROW0)*W + iw, c, ceil16(BAND*W), 16); channels c >= C are zero). Without a band
// (BAND = 0) the whole image is there (ROW0 = 0, BAND = H).
// The patch matrix P it reads from is [OH*OW x R*S*Cp] with Cp = 16*C1 and
//   row    p = oh*OW + ow                      (output pixel, row-major over the output plane)
//   column q = (r*S + s)*Cp + c                (the img2col k order: window row, window column,
//                                               channel; channels padded to Cp)
//   P[p][q] = X[ih][iw][c] with ih = oh*STRIDE - PAD + r, iw = ow*STRIDE - PAD + s, or +0.0 when
//             (ih, iw) is outside the image (zero padding) or c >= C.
// OH = (H + 2*PAD - R)/STRIDE + 1 and likewise OW. Dilation 1, symmetric padding, same stride in
// both directions. Deliberately ignores the hardware's repeat/stride modes and bank timing.
#pragma once

#include <cstddef>
#include <cstdint>

namespace npu::func {

struct Img2colGeom {
  size_t h = 0, w = 0, c1 = 0;  // input plane and channel blocks of 16
  size_t r = 0, s = 0, stride = 1, pad = 0;
  size_t row0 = 0, band = 0;  // image rows row0 .. row0 + band_rows() - 1 are in L1

  size_t oh() const { return (h + 2 * pad - r) / stride + 1; }
  size_t ow() const { return (w + 2 * pad - s) / stride + 1; }
  size_t rows() const { return oh() * ow(); }      // patch matrix rows
  size_t cols() const { return r * s * c1 * 16; }  // patch matrix columns (K of the GEMM)
  size_t band_rows() const { return band == 0 ? h : band; }
  size_t plane() const { return (band_rows() * w + 15) / 16 * 16; }  // NZ rows per C1 block
  size_t src_elems() const { return c1 * plane() * 16; }             // L1 elements read
  // Empty string when the geometry is usable, else why not.
  const char* invalid() const;
};

// Register encodings of load3d's geometry operands (see firmware/ISA.md):
//   fmap   = H | W << 16 | C1 << 32 | ROW0 << 48                  (16 bits each)
//   window = R | S << 8 | STRIDE << 16 | PAD << 24 | BAND << 32    (8 bits each; BAND 16 bits)
Img2colGeom decode_img2col(uint64_t fmap, uint64_t window);

// Writes the L0A tile A[i][kk] = P[row0 + i][k0 + kk] for i < ceil16(m), kk < ceil16(k) in the
// L0A layout (c0 = 16, kf = ceil(k/16)); elements with i >= m, kk >= k, row0 + i >= rows() or
// k0 + kk >= cols() are +0.0. Buffers hold FP16 bit patterns.
// Reading an image row inside the image but outside the band is the caller's error (see
// rows_needed; the model faults on it); this function reads such rows as +0.0.
void load3d_f16(uint16_t* dst_l0a, const uint16_t* src_l1, const Img2colGeom& g, size_t row0,
                size_t m, size_t k0, size_t k);

// The image rows [first, last] (inside the image) that the tile with patch rows
// row0 .. row0+m-1 reads; empty (first > last) when it reads only padding or no rows.
struct RowSpan {
  size_t first = 1, last = 0;
};
RowSpan rows_needed(const Img2colGeom& g, size_t row0, size_t m);

}  // namespace npu::func
