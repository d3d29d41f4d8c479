// Repeat/block/stride/mask addressing of vector instructions (see vector_repeat.h). Each repeat
// gathers its lanes into FP32 scratch arrays, runs the contiguous elementwise loops of
// vector_ops.cpp over them, and scatters the active lanes back.
#include "func/vector_repeat.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "func/fp16.h"

namespace npu::func {

using isa::Dtype;

namespace {

constexpr uint32_t kMaxLanes = 128;
using Lanes = std::array<float, kMaxLanes>;

uint32_t es_of(Dtype dt) { return static_cast<uint32_t>(isa::dtype_bytes(dt)); }

float load(const uint8_t* p, Dtype dt) {
  if (dt == Dtype::kF32) {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  uint16_t h;
  std::memcpy(&h, p, 2);
  return f16_to_f32(h);
}

void store(uint8_t* p, Dtype dt, float v) {
  if (dt == Dtype::kF32) {
    std::memcpy(p, &v, 4);
    return;
  }
  const uint16_t h = f32_to_f16(v);
  std::memcpy(p, &h, 2);
}

// Lane i of repeat r of operand o lives in block i / per_block at element i % per_block.
void gather(const uint8_t* ub, const VecOperand& o, uint32_t r, uint32_t lanes, float* out) {
  const uint32_t es = es_of(o.dt), per_block = kVecBlockBytes / es;
  for (uint32_t i = 0; i < lanes; ++i) {
    out[i] = load(ub + block_offset(o, r, i / per_block) + (i % per_block) * es, o.dt);
  }
}

void scatter(uint8_t* ub, const VecOperand& o, uint32_t r, uint32_t lanes, const float* in,
             const VecMask& mask) {
  const uint32_t es = es_of(o.dt), per_block = kVecBlockBytes / es;
  for (uint32_t i = 0; i < lanes; ++i) {
    if (mask.lane(i))
      store(ub + block_offset(o, r, i / per_block) + (i % per_block) * es, o.dt, in[i]);
  }
}

// FP16 ops compute in FP32 and round once: the FP32 loop's results are rounded by scatter.
// For FP16 values that is the same as vec_f16 (correct rounding, see vector_ops.h).
void compute(VecOp op, float* dst, const float* a, const float* b, uint32_t lanes) {
  vec_f32(op, dst, a, b, lanes);
}

// The whole instruction is one contiguous run per operand with every lane on, and dst either is
// a source or overlaps none: then it equals one call of the contiguous loops (vector_ops.h),
// which is much faster than lane-by-lane gathering.
bool contiguous(const VecOperand& o, uint32_t lanes) {
  return o.blk == 1 && o.rep == vec_blocks(lanes, o.dt);
}
bool all_lanes(const VecMask& m, uint32_t lanes) {
  return m.lo == ~0ull && (lanes <= 64 || m.hi == ~0ull);
}
bool same_or_apart(const VecOperand& d, const VecOperand& s, uint64_t bytes) {
  return d.base == s.base || d.base + bytes <= s.base || s.base + bytes <= d.base;
}
bool fast_path(const VecOperand& dst, const VecOperand& a, const VecOperand* b, uint32_t repeat,
               const VecMask& mask, uint32_t lanes) {
  const uint64_t bytes = static_cast<uint64_t>(repeat) * kVecRepeatBytes;
  return all_lanes(mask, lanes) && contiguous(dst, lanes) && contiguous(a, lanes) &&
         same_or_apart(dst, a, bytes) &&
         (b == nullptr || (contiguous(*b, lanes) && same_or_apart(dst, *b, bytes)));
}
void run_contiguous(VecOp op, uint8_t* ub, const VecOperand& dst, const VecOperand& a,
                    const uint8_t* b, size_t n) {
  if (dst.dt == Dtype::kF32) {
    vec_f32(op, reinterpret_cast<float*>(ub + dst.base),
            reinterpret_cast<const float*>(ub + a.base), reinterpret_cast<const float*>(b), n);
  } else {
    vec_f16(op, reinterpret_cast<uint16_t*>(ub + dst.base),
            reinterpret_cast<const uint16_t*>(ub + a.base), reinterpret_cast<const uint16_t*>(b),
            n);
  }
}

}  // namespace

VecStrides VecStrides::unpack(uint64_t cfg) {
  auto byte = [cfg](int i) { return static_cast<uint32_t>((cfg >> (8 * i)) & 0xff); };
  return {byte(0), byte(1), byte(2), byte(3), byte(4), byte(5)};
}

uint32_t vec_lanes(Dtype dst, Dtype src) {
  return kVecRepeatBytes / std::max(es_of(dst), es_of(src));
}

uint32_t vec_blocks(uint32_t lanes, Dtype dt) { return lanes * es_of(dt) / kVecBlockBytes; }

uint64_t block_offset(const VecOperand& o, uint32_t r, uint32_t j) {
  return o.base +
         (static_cast<uint64_t>(r) * o.rep + static_cast<uint64_t>(j) * o.blk) * kVecBlockBytes;
}

uint64_t operand_extent(const VecOperand& o, uint32_t lanes, uint32_t repeat) {
  if (repeat == 0) return 0;
  const uint64_t last = (static_cast<uint64_t>(repeat - 1) * o.rep +
                         static_cast<uint64_t>(vec_blocks(lanes, o.dt) - 1) * o.blk) *
                        kVecBlockBytes;
  return last + kVecBlockBytes;
}

void vec_elementwise(VecOp op, uint8_t* ub, const VecOperand& dst, const VecOperand& a,
                     const VecOperand& b, uint32_t repeat, const VecMask& mask) {
  const uint32_t lanes = vec_lanes(dst.dt, a.dt);
  const bool unary = vec_op_is_unary(op);
  if (fast_path(dst, a, unary ? nullptr : &b, repeat, mask, lanes)) {
    run_contiguous(op, ub, dst, a, unary ? nullptr : ub + b.base, size_t{repeat} * lanes);
    return;
  }
  const uint64_t bytes = static_cast<uint64_t>(repeat) * kVecRepeatBytes;
  if (!unary && b.blk == 0 && b.rep == 0 && fast_path(dst, a, nullptr, repeat, mask, lanes) &&
      (dst.base + bytes <= b.base || b.base + kVecBlockBytes <= dst.base)) {
    // b is one 32 B block for every lane (broadcast): expand it once, then run contiguously.
    std::vector<uint8_t> wide(bytes);
    for (uint64_t off = 0; off < bytes; off += kVecBlockBytes) {
      std::memcpy(wide.data() + off, ub + b.base, kVecBlockBytes);
    }
    run_contiguous(op, ub, dst, a, wide.data(), size_t{repeat} * lanes);
    return;
  }
  Lanes fa{}, fb{}, out{};
  for (uint32_t r = 0; r < repeat; ++r) {
    gather(ub, a, r, lanes, fa.data());
    if (!unary) gather(ub, b, r, lanes, fb.data());
    compute(op, out.data(), fa.data(), fb.data(), lanes);
    scatter(ub, dst, r, lanes, out.data(), mask);
  }
}

void vec_scalar(VecOp op, uint8_t* ub, const VecOperand& dst, const VecOperand& a, float s,
                uint32_t repeat, const VecMask& mask) {
  const uint32_t lanes = vec_lanes(dst.dt, a.dt);
  if (fast_path(dst, a, nullptr, repeat, mask, lanes)) {
    const size_t n = size_t{repeat} * lanes;
    std::vector<uint8_t> b(n * static_cast<size_t>(es_of(dst.dt)));
    if (dst.dt == Dtype::kF32) {
      std::fill_n(reinterpret_cast<float*>(b.data()), n, s);
    } else {
      std::fill_n(reinterpret_cast<uint16_t*>(b.data()), n, f32_to_f16(s));  // s is FP16-exact
    }
    run_contiguous(op, ub, dst, a, b.data(), n);
    return;
  }
  Lanes fa{}, fb{}, out{};
  fb.fill(s);
  for (uint32_t r = 0; r < repeat; ++r) {
    gather(ub, a, r, lanes, fa.data());
    compute(op, out.data(), fa.data(), fb.data(), lanes);
    scatter(ub, dst, r, lanes, out.data(), mask);
  }
}

void vec_dup(uint8_t* ub, const VecOperand& dst, float s, uint32_t repeat, const VecMask& mask) {
  const uint32_t lanes = vec_lanes(dst.dt, dst.dt);
  Lanes v{};
  v.fill(s);
  for (uint32_t r = 0; r < repeat; ++r) scatter(ub, dst, r, lanes, v.data(), mask);
}

void vec_convert(uint8_t* ub, const VecOperand& dst, const VecOperand& a, uint32_t repeat,
                 const VecMask& mask) {
  const uint32_t lanes = vec_lanes(dst.dt, a.dt);
  const size_t n = size_t{repeat} * lanes;
  const uint64_t dst_bytes = n * es_of(dst.dt), a_bytes = n * es_of(a.dt);
  if (all_lanes(mask, lanes) && contiguous(dst, lanes) && contiguous(a, lanes) &&
      (dst.base + dst_bytes <= a.base || a.base + a_bytes <= dst.base)) {
    if (dst.dt == Dtype::kF32) {
      f16_to_f32_n(reinterpret_cast<const uint16_t*>(ub + a.base),
                   reinterpret_cast<float*>(ub + dst.base), n);
    } else {
      f32_to_f16_n(reinterpret_cast<const float*>(ub + a.base),
                   reinterpret_cast<uint16_t*>(ub + dst.base), n);
    }
    return;
  }
  Lanes v{};
  for (uint32_t r = 0; r < repeat; ++r) {
    gather(ub, a, r, lanes, v.data());           // FP16 -> FP32 is exact
    scatter(ub, dst, r, lanes, v.data(), mask);  // FP32 -> FP16 rounds (RNE) in store
  }
}

void vec_reduce(VecReduce kind, uint8_t* ub, uint64_t dst, const VecOperand& a, uint32_t repeat,
                const VecMask& mask) {
  const uint32_t lanes = vec_lanes(a.dt, a.dt), es = es_of(a.dt);
  const float identity = kind == VecReduce::kSum ? -0.0f : -INFINITY;
  const VecOp op = kind == VecReduce::kSum ? VecOp::kAdd : VecOp::kMax;
  Lanes v{};
  for (uint32_t r = 0; r < repeat; ++r) {
    gather(ub, a, r, lanes, v.data());
    for (uint32_t i = 0; i < lanes; ++i) {
      if (!mask.lane(i)) v[i] = identity;
    }
    for (uint32_t w = lanes / 2; w >= 1; w /= 2) {
      for (uint32_t i = 0; i < w; ++i) {
        const float s = vec_op_f32(op, v[i], v[i + w]);
        v[i] = a.dt == Dtype::kF16 ? f16_to_f32(f32_to_f16(s)) : s;
      }
    }
    store(ub + dst + static_cast<uint64_t>(r) * es, a.dt, v[0]);
  }
}

void vec_brcb(uint8_t* ub, const VecOperand& dst, uint64_t a, uint32_t repeat) {
  const uint32_t es = es_of(dst.dt), per_block = kVecBlockBytes / es;
  std::array<uint8_t, 8 * 4> src{};
  for (uint32_t r = 0; r < repeat; ++r) {
    std::memcpy(src.data(), ub + a + static_cast<uint64_t>(r) * 8 * es, 8 * es);
    for (uint32_t j = 0; j < 8; ++j) {
      uint8_t* blk = ub + block_offset(dst, r, j);
      for (uint32_t e = 0; e < per_block; ++e) std::memcpy(blk + e * es, src.data() + j * es, es);
    }
  }
}

}  // namespace npu::func
