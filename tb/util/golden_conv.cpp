// Direct convolution reference (see golden_conv.h): seven nested loops, the inner order fixed by
// the contract (window row, window column, channel).
#include "util/golden_conv.h"

#include "func/fp16.h"

namespace npu::tb {

std::vector<float> conv2d_golden_f16_acc(const uint16_t* x, const uint16_t* w, const ConvShape& s) {
  const size_t oh = s.oh(), ow = s.ow(), cp = (s.c + 15) / 16 * 16;
  std::vector<float> xf(s.n * s.h * s.w * s.c), wf(s.k * s.r * s.s * s.c);
  for (size_t i = 0; i < xf.size(); ++i) xf[i] = func::f16_to_f32(x[i]);
  for (size_t i = 0; i < wf.size(); ++i) wf[i] = func::f16_to_f32(w[i]);
  std::vector<float> y(s.n * oh * ow * s.k);
  for (size_t n = 0; n < s.n; ++n) {
    for (size_t yo = 0; yo < oh; ++yo) {
      for (size_t xo = 0; xo < ow; ++xo) {
        for (size_t k = 0; k < s.k; ++k) {
          float acc = 0.0f;
          for (size_t r = 0; r < s.r; ++r) {
            for (size_t q = 0; q < s.s; ++q) {
              const long ih = static_cast<long>(yo * s.stride + r) - static_cast<long>(s.pad);
              const long iw = static_cast<long>(xo * s.stride + q) - static_cast<long>(s.pad);
              const bool inside =
                  ih >= 0 && iw >= 0 && ih < static_cast<long>(s.h) && iw < static_cast<long>(s.w);
              for (size_t c = 0; c < cp; ++c) {
                float xv = 0.0f, wv = 0.0f;
                if (c < s.c) {
                  wv = wf[((k * s.r + r) * s.s + q) * s.c + c];
                  if (inside) xv = xf[((n * s.h + ih) * s.w + iw) * s.c + c];
                }
                acc = acc + xv * wv;
              }
            }
          }
          y[((n * oh + yo) * ow + xo) * s.k + k] = acc;
        }
      }
    }
  }
  return y;
}

std::vector<uint16_t> conv2d_golden_f16(const uint16_t* x, const uint16_t* w, const ConvShape& s) {
  const std::vector<float> acc = conv2d_golden_f16_acc(x, w, s);
  std::vector<uint16_t> out(acc.size());
  func::f32_to_f16_n(acc.data(), out.data(), acc.size());
  return out;
}

}  // namespace npu::tb
