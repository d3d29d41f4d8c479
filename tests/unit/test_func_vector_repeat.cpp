// The vector instruction's addressing (vector_repeat.h): blocks and repeats with strides, the
// lane mask (masked-off lanes keep their value), in-order repeats with stride-0 accumulation,
// scalar forms, conversions, reductions in the documented tree order, vbrcb and vdup.
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "func/fp16.h"
#include "func/vector_repeat.h"

namespace {

using npu::func::VecMask;
using npu::func::VecOp;
using npu::func::VecOperand;
using npu::isa::Dtype;

struct Ub {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(64 * 1024);
  float f32(uint64_t off) const {
    float f;
    std::memcpy(&f, &bytes[off], 4);
    return f;
  }
  void set_f32(uint64_t off, float v) { std::memcpy(&bytes[off], &v, 4); }
  uint16_t f16(uint64_t off) const {
    uint16_t h;
    std::memcpy(&h, &bytes[off], 2);
    return h;
  }
  void set_f16(uint64_t off, float v) {
    const uint16_t h = npu::func::f32_to_f16(v);
    std::memcpy(&bytes[off], &h, 2);
  }
};

}  // namespace

TEST_CASE("func: strides select blocks and repeats, the mask keeps lanes", "[func][vector]") {
  Ub ub;
  for (int i = 0; i < 512; ++i) {
    ub.set_f32(0x1000 + 4 * i, static_cast<float>(i));
    ub.set_f32(0x8000 + 4 * i, 1000.0f * i);
    ub.set_f32(0x4000 + 4 * i, -1.0f);  // destination's old value
  }
  const auto cfg = npu::func::VecStrides::unpack(0x100802020101ull);
  CHECK(cfg.dst_blk == 1);
  CHECK(cfg.a_blk == 1);
  CHECK(cfg.b_blk == 2);
  CHECK(cfg.dst_rep == 2);
  CHECK(cfg.a_rep == 8);
  CHECK(cfg.b_rep == 16);
  // a: contiguous; b: every other block, repeats 16 blocks apart; dst: block stride 1, repeat
  // stride 8; mask: lanes 0..3 and 63 only.
  const VecOperand dst{0x4000, 1, 8, Dtype::kF32}, a{0x1000, 1, 8, Dtype::kF32},
      b{0x8000, 2, 16, Dtype::kF32};
  VecMask mask{0x800000000000000full, 0};
  npu::func::vec_elementwise(VecOp::kAdd, ub.bytes.data(), dst, a, b, 2, mask);
  for (int r = 0; r < 2; ++r) {
    for (int lane = 0; lane < 64; ++lane) {
      const float got = ub.f32(0x4000 + 256 * r + 4 * lane);
      const bool on = lane < 4 || lane == 63;
      const int b_index = (r * 16 + (lane / 8) * 2) * 8 + lane % 8;  // 32 B blocks = 8 floats
      INFO("repeat " << r << " lane " << lane);
      CHECK(got == (on ? 1000.0f * b_index + 64 * r + lane : -1.0f));
    }
  }
  CHECK(npu::func::operand_extent(b, 64, 2) == (16 + 7 * 2) * 32 + 32);
}

TEST_CASE("func: repeat stride 0 accumulates in order, broadcast reads one block",
          "[func][vector]") {
  Ub ub;
  for (int i = 0; i < 64 * 3; ++i) ub.set_f32(0x1000 + 4 * i, static_cast<float>(i % 7) - 3.0f);
  ub.set_f32(0x3000, 5.0f);  // broadcast source block: 8 copies
  for (int i = 1; i < 8; ++i) ub.set_f32(0x3000 + 4 * i, 5.0f);
  const VecOperand acc{0x2000, 1, 0, Dtype::kF32}, row{0x1000, 1, 8, Dtype::kF32};
  npu::func::vec_dup(ub.bytes.data(), acc, -INFINITY, 1, {});
  npu::func::vec_elementwise(VecOp::kMax, ub.bytes.data(), acc, acc, row, 3, {});
  for (int lane = 0; lane < 64; ++lane) {
    float want = -INFINITY;
    for (int r = 0; r < 3; ++r)
      want = std::max(want, static_cast<float>((64 * r + lane) % 7) - 3.0f);
    CHECK(ub.f32(0x2000 + 4 * lane) == want);
  }
  const VecOperand bc{0x3000, 0, 0, Dtype::kF32};
  npu::func::vec_elementwise(VecOp::kSub, ub.bytes.data(), row, row, bc, 3, {});
  CHECK(ub.f32(0x1000) == -8.0f);
  CHECK(ub.f32(0x1000 + 4 * 191) == static_cast<float>(191 % 7) - 8.0f);
}

TEST_CASE("func: vcadd is the documented tree, vcmax propagates NaN, masks drop lanes",
          "[func][vector]") {
  Ub ub;
  std::vector<float> v(64);
  for (int i = 0; i < 64; ++i) {
    v[i] = std::ldexp(1.0f + i / 64.0f, (i * 7) % 30 - 15);
    ub.set_f32(0x1000 + 4 * i, v[i]);
  }
  std::vector<float> t = v;
  for (int w = 32; w >= 1; w /= 2) {
    for (int i = 0; i < w; ++i) t[i] = t[i] + t[i + w];
  }
  const VecOperand a{0x1000, 1, 8, Dtype::kF32};
  npu::func::vec_reduce(npu::func::VecReduce::kSum, ub.bytes.data(), 0x2000, a, 1, {});
  CHECK(std::bit_cast<uint32_t>(ub.f32(0x2000)) == std::bit_cast<uint32_t>(t[0]));
  // Only lanes 0 and 1: masked-off lanes are -0 (identity).
  npu::func::vec_reduce(npu::func::VecReduce::kSum, ub.bytes.data(), 0x2000, a, 1, {3, 0});
  CHECK(ub.f32(0x2000) == v[0] + v[1]);
  ub.set_f32(0x1000 + 4 * 40, NAN);
  npu::func::vec_reduce(npu::func::VecReduce::kMax, ub.bytes.data(), 0x2004, a, 1, {});
  CHECK(std::isnan(ub.f32(0x2004)));
  npu::func::vec_reduce(npu::func::VecReduce::kMax, ub.bytes.data(), 0x2004, a, 1,
                        {~0ull >> 24, 0});
  CHECK(ub.f32(0x2004) == *std::max_element(v.begin(), v.begin() + 40));
}

TEST_CASE("func: conversions, scalar forms, vbrcb and vdup", "[func][vector]") {
  Ub ub;
  const float vals[] = {1.0f, -0.0f, 65504.0f, 65520.0f, 1.0f + 0x1p-11f, 0x1p-25f, 3.14159f};
  for (int i = 0; i < 64; ++i) ub.set_f32(0x1000 + 4 * i, vals[i % 7]);
  const VecOperand f32{0x1000, 1, 8, Dtype::kF32}, f16{0x2000, 1, 4, Dtype::kF16};
  npu::func::vec_convert(ub.bytes.data(), f16, f32, 1, {});
  CHECK(ub.f16(0x2000) == 0x3c00);
  CHECK(ub.f16(0x2002) == 0x8000);
  CHECK(ub.f16(0x2004) == 0x7bff);
  CHECK(ub.f16(0x2006) == 0x7c00);  // rounds up to inf
  CHECK(ub.f16(0x2008) == 0x3c00);  // tie to even
  CHECK(ub.f16(0x200a) == 0x0000);  // half the smallest subnormal: tie to even (0)
  const VecOperand back{0x3000, 1, 8, Dtype::kF32};
  npu::func::vec_convert(ub.bytes.data(), back, f16, 1, {});
  CHECK(ub.f32(0x3000 + 4 * 6) == npu::func::f16_to_f32(npu::func::f32_to_f16(3.14159f)));
  // vmuls.f16 with scalar 2.0 over 2 repeats of 128 lanes.
  for (int i = 0; i < 256; ++i) ub.set_f16(0x4000 + 2 * i, static_cast<float>(i));
  const VecOperand h{0x4000, 1, 8, Dtype::kF16};
  npu::func::vec_scalar(VecOp::kMul, ub.bytes.data(), h, h, 2.0f, 2, {});
  CHECK(npu::func::f16_to_f32(ub.f16(0x4000 + 2 * 255)) == 510.0f);
  // vbrcb: block j of the repeat = element j.
  for (int j = 0; j < 8; ++j) ub.set_f32(0x5000 + 4 * j, static_cast<float>(j + 1));
  const VecOperand dst{0x6000, 1, 8, Dtype::kF32};
  npu::func::vec_brcb(ub.bytes.data(), dst, 0x5000, 1);
  for (int lane = 0; lane < 64; ++lane) CHECK(ub.f32(0x6000 + 4 * lane) == lane / 8 + 1);
  npu::func::vec_dup(ub.bytes.data(), dst, 7.0f, 1, {0xff00, 0});
  CHECK(ub.f32(0x6000) == 1.0f);
  CHECK(ub.f32(0x6000 + 4 * 8) == 7.0f);
  CHECK(ub.f32(0x6000 + 4 * 16) == 3.0f);
}
