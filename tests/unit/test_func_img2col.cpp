// load3d (img2col): the L0A tile it writes equals the patch matrix built directly from the NHWC
// image by the definition in firmware/ISA.md, for strides, paddings, channel counts that are not
// multiples of 16 and tile origins anywhere in the matrix (including past its edges).
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "func/cube_ops.h"
#include "func/img2col.h"
#include "func/layout.h"

namespace {

using npu::func::Img2colGeom;

struct Case {
  size_t h, w, c, r, s, stride, pad;
};

// P[p][q] straight from the image: q = (r*S + s)*Cp + c, zero outside the image or for c >= C.
uint16_t patch(const std::vector<uint16_t>& img, const Case& t, size_t p, size_t q) {
  const size_t cp = (t.c + 15) / 16 * 16;
  const size_t oh = (t.h + 2 * t.pad - t.r) / t.stride + 1;
  const size_t ow = (t.w + 2 * t.pad - t.s) / t.stride + 1;
  if (p >= oh * ow || q >= t.r * t.s * cp) return 0;
  const size_t c = q % cp, rs = q / cp, r = rs / t.s, s = rs % t.s;
  const long ih = static_cast<long>((p / ow) * t.stride + r) - static_cast<long>(t.pad);
  const long iw = static_cast<long>((p % ow) * t.stride + s) - static_cast<long>(t.pad);
  if (c >= t.c || ih < 0 || iw < 0 || ih >= static_cast<long>(t.h) ||
      iw >= static_cast<long>(t.w)) {
    return 0;
  }
  return img[(static_cast<size_t>(ih) * t.w + static_cast<size_t>(iw)) * t.c + c];
}

}  // namespace

TEST_CASE("load3d writes the img2col patch matrix tile", "[func][img2col]") {
  const Case cases[] = {{5, 7, 3, 3, 3, 1, 1},  {8, 8, 16, 3, 3, 2, 1}, {6, 9, 20, 2, 3, 1, 0},
                        {4, 4, 33, 4, 4, 1, 2}, {9, 5, 1, 1, 1, 1, 0},  {7, 7, 17, 5, 3, 3, 2}};
  std::mt19937 rng(3);
  for (const Case& t : cases) {
    INFO("H " << t.h << " W " << t.w << " C " << t.c << " R " << t.r << " S " << t.s << " stride "
              << t.stride << " pad " << t.pad);
    std::vector<uint16_t> img(t.h * t.w * t.c);
    for (uint16_t& v : img) v = static_cast<uint16_t>(rng() | 1);  // never 0: zeros are padding
    const size_t c1 = (t.c + 15) / 16, plane = (t.h * t.w + 15) / 16 * 16;
    std::vector<uint16_t> nz(c1 * plane * 16, 0xFFFF);
    npu::func::nd2nz(npu::isa::Dtype::kF16, reinterpret_cast<uint8_t*>(nz.data()),
                     reinterpret_cast<const uint8_t*>(img.data()), t.h * t.w, t.c, t.c);
    const uint64_t fmap = t.h | t.w << 16 | static_cast<uint64_t>(c1) << 32;
    const uint64_t window = t.r | t.s << 8 | t.stride << 16 | t.pad << 24;
    const Img2colGeom g = npu::func::decode_img2col(fmap, window);
    REQUIRE(std::string(g.invalid()).empty());
    CHECK(g.src_elems() == nz.size());
    const size_t rows = g.rows(), cols = g.cols();
    for (size_t row0 : {size_t{0}, size_t{3}, rows > 16 ? rows - 16 : size_t{0}, rows}) {
      for (size_t k0 : {size_t{0}, size_t{16}, cols > 20 ? cols - 20 : size_t{0}}) {
        for (auto [m, k] : {std::pair<size_t, size_t>{16, 16}, {7, 37}, {33, 64}}) {
          const size_t kf = (k + 15) / 16, mp = (m + 15) / 16 * 16;
          std::vector<uint16_t> l0a(mp * kf * 16, 0xBEEF);
          npu::func::load3d_f16(l0a.data(), nz.data(), g, row0, m, k0, k);
          for (size_t i = 0; i < mp; ++i) {
            for (size_t kk = 0; kk < kf * 16; ++kk) {
              const uint16_t want = i < m && kk < k ? patch(img, t, row0 + i, k0 + kk) : 0;
              const uint16_t got = l0a[npu::func::l0a_offset(i, kk, kf, 16)];
              if (got != want) {
                INFO("row0 " << row0 << " k0 " << k0 << " m " << m << " k " << k << " i " << i
                             << " kk " << kk);
                REQUIRE(got == want);
              }
            }
          }
        }
      }
    }
  }
}

TEST_CASE("load3d geometry decoding and validation", "[func][img2col]") {
  const Img2colGeom g = npu::func::decode_img2col(0x0002'0038'0038ull, 0x01'02'03'03ull);
  CHECK(g.h == 56);
  CHECK(g.w == 56);
  CHECK(g.c1 == 2);
  CHECK(g.r == 3);
  CHECK(g.s == 3);
  CHECK(g.stride == 2);
  CHECK(g.pad == 1);
  CHECK(g.oh() == 28);
  CHECK(g.rows() == 28 * 28);
  CHECK(g.cols() == 3 * 3 * 32);
  CHECK(std::string(g.invalid()).empty());
  CHECK_FALSE(std::string(npu::func::decode_img2col(0x1'0004'0004ull, 0x00'00'05'05ull).invalid())
                  .empty());  // stride 0
  CHECK_FALSE(std::string(npu::func::decode_img2col(0x1'0002'0002ull, 0x00'01'05'05ull).invalid())
                  .empty());  // 5x5 window on a 2x2 image without padding
}

TEST_CASE("load3d from a band of image rows equals the whole-image load for the band's tiles",
          "[func][img2col]") {
  const Case cases[] = {{9, 5, 20, 3, 3, 2, 1}, {10, 6, 3, 3, 3, 1, 1}, {8, 4, 16, 2, 2, 2, 0}};
  std::mt19937 rng(5);
  for (const Case& t : cases) {
    std::vector<uint16_t> img(t.h * t.w * t.c);
    for (uint16_t& v : img) v = static_cast<uint16_t>(rng() | 1);
    const size_t c1 = (t.c + 15) / 16;
    std::vector<uint16_t> whole(c1 * ((t.h * t.w + 15) / 16 * 16) * 16);
    npu::func::nd2nz(npu::isa::Dtype::kF16, reinterpret_cast<uint8_t*>(whole.data()),
                     reinterpret_cast<const uint8_t*>(img.data()), t.h * t.w, t.c, t.c);
    const uint64_t fmap = t.h | t.w << 16 | static_cast<uint64_t>(c1) << 32;
    const uint64_t window = t.r | t.s << 8 | t.stride << 16 | t.pad << 24;
    const Img2colGeom g = npu::func::decode_img2col(fmap, window);
    const size_t ow = g.ow(), k = g.cols(), kf = (k + 15) / 16;
    for (size_t oh0 = 0; oh0 < g.oh(); oh0 += 2) {  // bands of two output rows
      const size_t oh1 = std::min(oh0 + 2, g.oh()), row0 = oh0 * ow, m = (oh1 - oh0) * ow;
      const npu::func::RowSpan need = npu::func::rows_needed(g, row0, m);
      REQUIRE(need.first <= need.last);
      INFO("H " << t.h << " band rows " << need.first << ".." << need.last);
      CHECK(need.first == (oh0 * t.stride > t.pad ? oh0 * t.stride - t.pad : 0));
      const size_t band = need.last - need.first + 1;
      std::vector<uint16_t> part(c1 * ((band * t.w + 15) / 16 * 16) * 16);
      npu::func::nd2nz(npu::isa::Dtype::kF16, reinterpret_cast<uint8_t*>(part.data()),
                       reinterpret_cast<const uint8_t*>(img.data() + need.first * t.w * t.c),
                       band * t.w, t.c, t.c);
      const Img2colGeom gb = npu::func::decode_img2col(
          fmap | static_cast<uint64_t>(need.first) << 48, window | static_cast<uint64_t>(band) << 32);
      REQUIRE(std::string(gb.invalid()).empty());
      CHECK(gb.src_elems() == part.size());
      const size_t mp = (m + 15) / 16 * 16;
      std::vector<uint16_t> from_whole(mp * kf * 16), from_band(mp * kf * 16, 0xBEEF);
      npu::func::load3d_f16(from_whole.data(), whole.data(), g, row0, m, 0, k);
      npu::func::load3d_f16(from_band.data(), part.data(), gb, row0, m, 0, k);
      CHECK(from_band == from_whole);
    }
  }
  // A band that runs past the image is rejected.
  CHECK_FALSE(std::string(npu::func::decode_img2col(0x0005'0001'0004'0004ull,
                                                    0x0002'01'01'03'03ull)
                              .invalid())
                  .empty());  // rows 5..6 of a 4-row image
}
