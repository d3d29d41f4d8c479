// Reference 2-D convolution (direct, no img2col) for the conv2d workload's checks.
//
// Numerics contract shared with conv2d_fp16.s (firmware/ISA.md, load3d): per output element
// acc = +0.0f, then for r = 0..R-1, s = 0..S-1, c = 0..Cp-1 in that order (Cp = C rounded up to
// 16: the img2col k order) acc = acc + float(x) * float(w), FP32 round-to-nearest-even, no FMA,
// where x = X[n][ih][iw][c] (+0.0 when (ih, iw) lies in the zero padding or c >= C) and
// w = W[k][r][s][c] (+0.0 when c >= C). The padded terms are added like any other (so a -0.0
// accumulator becomes +0.0, and an infinite weight against a padding zero gives NaN), exactly as
// the cube adds the patch matrix's zero entries. Output rounded to FP16 (RNE, overflow to inf).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace npu::tb {

struct ConvShape {
  size_t n = 0, h = 0, w = 0, c = 0;  // input NHWC
  size_t k = 0, r = 0, s = 0;         // weights KRSC
  size_t stride = 1, pad = 0;

  size_t oh() const { return (h + 2 * pad - r) / stride + 1; }
  size_t ow() const { return (w + 2 * pad - s) / stride + 1; }
};

// Y[n][oh][ow][k] as FP32 accumulators, and rounded to FP16.
std::vector<float> conv2d_golden_f16_acc(const uint16_t* x, const uint16_t* w, const ConvShape& s);
std::vector<uint16_t> conv2d_golden_f16(const uint16_t* x, const uint16_t* w, const ConvShape& s);

}  // namespace npu::tb
