// img2col for load3d (see img2col.h). One pass over the output tile; each element is found by
// index arithmetic, so any tile origin works (the kernel need not align rows or k to anything).
#include "func/img2col.h"

#include <algorithm>

#include "func/layout.h"

namespace npu::func {

const char* Img2colGeom::invalid() const {
  if (h == 0 || w == 0 || c1 == 0 || r == 0 || s == 0) return "zero H, W, C1, R or S";
  if (stride == 0) return "stride 0";
  if (h + 2 * pad < r || w + 2 * pad < s) return "the window is larger than the padded input";
  if (row0 + band_rows() > h) return "the band of rows runs past the image";
  return "";
}

Img2colGeom decode_img2col(uint64_t fmap, uint64_t window) {
  Img2colGeom g;
  g.h = fmap & 0xFFFF;
  g.w = (fmap >> 16) & 0xFFFF;
  g.c1 = (fmap >> 32) & 0xFFFF;
  g.r = window & 0xFF;
  g.s = (window >> 8) & 0xFF;
  g.stride = (window >> 16) & 0xFF;
  g.pad = (window >> 24) & 0xFF;
  g.row0 = (fmap >> 48) & 0xFFFF;
  g.band = (window >> 32) & 0xFFFF;
  return g;
}

void load3d_f16(uint16_t* dst_l0a, const uint16_t* src_l1, const Img2colGeom& g, size_t row0,
                size_t m, size_t k0, size_t k) {
  const size_t mp = ceil16(m), kf = ceil_div(k, 16), kp = kf * 16;
  const size_t ow = g.ow(), rows = g.rows(), cols = g.cols(), cp = g.c1 * 16;
  const size_t plane = g.plane();
  for (size_t i = 0; i < mp; ++i) {
    const size_t p = row0 + i;
    const bool row_ok = i < m && p < rows;
    const size_t oh = row_ok ? p / ow : 0, owi = row_ok ? p % ow : 0;
    for (size_t kk = 0; kk < kp; ++kk) {
      const size_t q = k0 + kk;
      uint16_t v = 0;
      if (row_ok && kk < k && q < cols) {
        const size_t rs = q / cp, c = q % cp;
        const size_t r = rs / g.s, s = rs % g.s;
        // ih = oh*stride + r - pad, kept unsigned: out of range when below pad or past the edge.
        const size_t ihp = oh * g.stride + r, iwp = owi * g.stride + s;
        // Inside the image and (the model checks this first) inside the band in L1.
        if (ihp >= g.pad + g.row0 && iwp >= g.pad && ihp - g.pad < g.row0 + g.band_rows() &&
            iwp - g.pad < g.w) {
          const size_t pix = (ihp - g.pad - g.row0) * g.w + (iwp - g.pad);
          v = src_l1[nz_offset(pix, c, plane, 16)];
        }
      }
      dst_l0a[l0a_offset(i, kk, kf, 16)] = v;
    }
  }
}

RowSpan rows_needed(const Img2colGeom& g, size_t row0, size_t m) {
  const size_t rows = g.rows();
  if (m == 0 || row0 >= rows) return {};
  const size_t last_p = std::min(row0 + m, rows) - 1;
  const size_t oh_first = row0 / g.ow(), oh_last = last_p / g.ow();
  // Rows touched before clipping: oh*stride - pad .. oh*stride - pad + r - 1 (kept unsigned).
  const size_t lo = oh_first * g.stride, hi = oh_last * g.stride + g.r - 1;  // + pad offset
  if (hi < g.pad) return {};
  RowSpan span;
  span.first = lo > g.pad ? lo - g.pad : 0;
  span.last = std::min(hi - g.pad, g.h - 1);
  if (span.first > span.last) return {};
  return span;
}

}  // namespace npu::func
