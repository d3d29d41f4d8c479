// The DaVinci vector instruction's addressing: repeats, blocks, strides and the lane mask
// (DESIGN section 6; firmware/ISA.md "Vector unit").
//
// One repeat processes 256 bytes of the wider operand: L = 256 / max(element sizes) lanes
// (128 FP16, 64 FP32). Each operand of element size es reads or writes L * es / 32 blocks of
// 32 bytes per repeat; block j of repeat r of an operand with base B sits at
// B + (r * rep_stride + j * blk_stride) * 32. Lane i of a repeat takes part when mask bit i is
// set (bits 0..63 from mask.lo, 64..127 from mask.hi); a masked-off lane's destination keeps its
// old value. Repeats run in order; within a repeat every source is read before the destination is
// written, so in-place and overlapping layouts have a defined result.
//
// Everything here works on a UB image (a byte span) with byte offsets; bounds are the caller's
// job (operand_extent gives each operand's footprint).
#pragma once

#include <cstddef>
#include <cstdint>

#include "func/vector_ops.h"
#include "isa/isa.h"

namespace npu::func {

inline constexpr uint32_t kVecBlockBytes = 32;
inline constexpr uint32_t kVecRepeatBytes = 256;
inline constexpr uint32_t kVecMaxRepeat = 255;

// Strides in 32-byte blocks, unpacked from the config register (ISA.md): byte 0 dst block
// stride, 1 a block stride, 2 b block stride, 3 dst repeat stride, 4 a repeat, 5 b repeat.
struct VecStrides {
  uint32_t dst_blk = 1, a_blk = 1, b_blk = 1;
  uint32_t dst_rep = 8, a_rep = 8, b_rep = 8;
  static VecStrides unpack(uint64_t cfg);
};

struct VecMask {
  uint64_t lo = ~0ull, hi = ~0ull;
  bool lane(uint32_t i) const { return i < 64 ? (lo >> i) & 1 : (hi >> (i - 64)) & 1; }
};

// One operand's place in UB: base byte offset, strides in blocks, element type.
struct VecOperand {
  uint64_t base = 0;
  uint32_t blk = 1, rep = 8;
  isa::Dtype dt = isa::Dtype::kF16;
};

uint32_t vec_lanes(isa::Dtype dst, isa::Dtype src);  // lanes per repeat
uint32_t vec_blocks(uint32_t lanes, isa::Dtype dt);  // 32 B blocks per repeat
uint64_t operand_extent(const VecOperand& o, uint32_t lanes, uint32_t repeat);  // bytes from base
uint64_t block_offset(const VecOperand& o, uint32_t r, uint32_t j);  // bytes from UB start

// dst = op(a, b) elementwise; unary ops ignore b. dst, a, b share one dtype (FP16 or FP32).
void vec_elementwise(VecOp op, uint8_t* ub, const VecOperand& dst, const VecOperand& a,
                     const VecOperand& b, uint32_t repeat, const VecMask& mask);
// dst = op(a, s) with the scalar s broadcast to every lane (s given as FP32; FP16 forms pass
// the FP16 value widened exactly).
void vec_scalar(VecOp op, uint8_t* ub, const VecOperand& dst, const VecOperand& a, float s,
                uint32_t repeat, const VecMask& mask);
// dst = s in every active lane.
void vec_dup(uint8_t* ub, const VecOperand& dst, float s, uint32_t repeat, const VecMask& mask);
// FP16 <-> FP32 conversion (64 lanes per repeat): widening is exact, narrowing RNE with IEEE
// overflow to inf.
void vec_convert(uint8_t* ub, const VecOperand& dst, const VecOperand& a, uint32_t repeat,
                 const VecMask& mask);

enum class VecReduce : uint8_t { kSum, kMax };
// One result per repeat, written as consecutive elements dst, dst + es, ... (dst strides unused).
// Sum: lanes (masked-off lanes are -0, the additive identity) are added as a tree,
// s[i] = s[i] + s[i + w] for w = L/2, L/4, ..., 1, each add rounded to the dtype (RNE).
// Max: the same tree with NaN-propagating max (masked-off lanes are -inf).
void vec_reduce(VecReduce kind, uint8_t* ub, uint64_t dst, const VecOperand& a, uint32_t repeat,
                const VecMask& mask);
// Block broadcast: repeat r reads the 8 consecutive elements a + 8r .. 8r+7 (a's strides unused)
// and fills dst's block j of repeat r with element 8r + j. The mask is not used.
void vec_brcb(uint8_t* ub, const VecOperand& dst, uint64_t a, uint32_t repeat);

}  // namespace npu::func
