// The DaVinci ISA table: the shared scalar subset plus the DaVinci engine instructions.
// Operand layouts and semantics are documented for kernel authors in firmware/ISA.md; this table
// is what the assembler, disassembler, decoder, model and ISA.md generator all read.
#include "isa/isa.h"
#include "isa/scalar_rows.h"

namespace npu::isa {
namespace {

using K = OperandKind;
using F = Field;

constexpr OperandSpec R(Field f, const char* n) { return {K::kReg, f, n}; }

constexpr OpInfo Eng(Opcode op, const char* mn, Pipe p, Dtype dt, bool t, bool init,
                     std::array<OperandSpec, 6> ops, uint8_t n, const char* summary) {
  return {op, mn, p, dt, t, init, ops, n, summary};
}

#define NPU_ND2NZ(op, mn, dt)                                                                    \
  Eng(op, mn, Pipe::kMte2, dt, false, false,                                                     \
      {R(F::kR0, "dst_l1"), R(F::kR1, "src_gm"), R(F::kR2, "rows"), R(F::kR3, "cols"),           \
       R(F::kR4, "ld")},                                                                         \
      5, "GM ND [rows x cols] (row stride ld elements) -> L1 NZ fractals, zero padded")
#define NPU_LOAD(op, mn, t, a, b) NPU_LOAD_DT(op, mn, Dtype::kF16, t, a, b)
#define NPU_LOAD_DT(op, mn, dt, t, a, b)                                                        \
  Eng(op, mn, Pipe::kMte1, dt, t, false,                                               \
      {R(F::kR0, "dst"), R(F::kR1, "src_l1"), R(F::kR2, a), R(F::kR3, b), R(F::kR4, "src_rows")}, \
      5, "L1 NZ tile -> L0 fractal grid" )
#define NPU_VBIN(op, mn, dt, what)                                                              \
  Eng(op, mn, Pipe::kVec, dt, false, false,                                                     \
      {R(F::kR0, "dst_ub"), R(F::kR1, "a_ub"), R(F::kR2, "b_ub"), R(F::kR3, "n")}, 4, what)

constexpr OpInfo kDaVinciRows[] = {
    NPU_ND2NZ(Opcode::kNd2nzF16, "nd2nz.f16", Dtype::kF16),
    NPU_ND2NZ(Opcode::kNd2nzBF16, "nd2nz.bf16", Dtype::kBF16),
    NPU_ND2NZ(Opcode::kNd2nzS8, "nd2nz.s8", Dtype::kS8),
    Eng(Opcode::kGm2Ub, "gm2ub", Pipe::kMte2, Dtype::kNone, false, false,
        {R(F::kR0, "dst_ub"), R(F::kR1, "src_gm"), R(F::kR2, "bytes")}, 3,
        "copy bytes GM -> UB"),
    Eng(Opcode::kUb2Gm, "ub2gm", Pipe::kMte3, Dtype::kNone, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_ub"), R(F::kR2, "bytes")}, 3,
        "copy bytes UB -> GM"),
    NPU_LOAD(Opcode::kLoadL0aF16, "load_l0a.f16", false, "m", "k"),
    NPU_LOAD(Opcode::kLoadL0aTF16, "load_l0a.t.f16", true, "m", "k"),
    NPU_LOAD(Opcode::kLoadL0bF16, "load_l0b.f16", false, "k", "n"),
    NPU_LOAD(Opcode::kLoadL0bTF16, "load_l0b.t.f16", true, "k", "n"),
    NPU_LOAD_DT(Opcode::kLoadL0aS8, "load_l0a.s8", Dtype::kS8, false, "m", "k"),
    NPU_LOAD_DT(Opcode::kLoadL0aTS8, "load_l0a.t.s8", Dtype::kS8, true, "m", "k"),
    NPU_LOAD_DT(Opcode::kLoadL0bS8, "load_l0b.s8", Dtype::kS8, false, "k", "n"),
    NPU_LOAD_DT(Opcode::kLoadL0bTS8, "load_l0b.t.s8", Dtype::kS8, true, "k", "n"),
    Eng(Opcode::kLoad3dF16, "load3d.f16", Pipe::kMte1, Dtype::kF16, false, false,
        {R(F::kR0, "dst_l0a"), R(F::kR1, "src_l1"), R(F::kR2, "fmap"), R(F::kR3, "window"),
         R(F::kR4, "origin"), R(F::kR5, "extent")},
        6, "img2col: L1 feature map -> L0A tile of the patch matrix (ISA.md)"),
    Eng(Opcode::kMmadF16, "mmad.f16", Pipe::kCube, Dtype::kF16, false, false,
        {R(F::kR0, "dst_l0c"), R(F::kR1, "a_l0a"), R(F::kR2, "b_l0b"), R(F::kR3, "m"),
         R(F::kR4, "k"), R(F::kR5, "n")},
        6, "L0C[m,n] += L0A[m,k] x L0B[k,n], FP32 accumulate in ascending k"),
    Eng(Opcode::kMmadInitF16, "mmad.init.f16", Pipe::kCube, Dtype::kF16, false, true,
        {R(F::kR0, "dst_l0c"), R(F::kR1, "a_l0a"), R(F::kR2, "b_l0b"), R(F::kR3, "m"),
         R(F::kR4, "k"), R(F::kR5, "n")},
        6, "L0C[m,n] = +0.0 + L0A[m,k] x L0B[k,n]"),
    Eng(Opcode::kMmadS8, "mmad.s8", Pipe::kCube, Dtype::kS8, false, false,
        {R(F::kR0, "dst_l0c"), R(F::kR1, "a_l0a"), R(F::kR2, "b_l0b"), R(F::kR3, "m"),
         R(F::kR4, "k"), R(F::kR5, "n")},
        6, "L0C[m,n] += L0A[m,k] x L0B[k,n], INT8 x INT8 -> INT32 wrap-around"),
    Eng(Opcode::kMmadInitS8, "mmad.init.s8", Pipe::kCube, Dtype::kS8, false, true,
        {R(F::kR0, "dst_l0c"), R(F::kR1, "a_l0a"), R(F::kR2, "b_l0b"), R(F::kR3, "m"),
         R(F::kR4, "k"), R(F::kR5, "n")},
        6, "L0C[m,n] = 0 + L0A[m,k] x L0B[k,n], INT8 x INT8 -> INT32"),
    Eng(Opcode::kFixF16, "fix.f16", Pipe::kFix, Dtype::kF16, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld")},
        5, "L0C NZ FP32 [m x n] -> GM ND FP16 (RNE), row stride ld elements"),
    Eng(Opcode::kFixF32, "fix.f32", Pipe::kFix, Dtype::kF32, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld")},
        5, "L0C NZ FP32 [m x n] -> GM ND FP32, row stride ld elements"),
    Eng(Opcode::kFixS32, "fix.s32", Pipe::kFix, Dtype::kS32, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld")},
        5, "L0C NZ INT32 [m x n] -> GM ND INT32, row stride ld elements"),
    Eng(Opcode::kFixS8, "fix.s8", Pipe::kFix, Dtype::kS8, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld"), R(F::kR5, "scale")},
        6, "L0C NZ INT32 [m x n] -> GM ND INT8: requantise by the FP32 scale (RNE, saturate)"),
    Eng(Opcode::kFixBF16, "fix.bf16", Pipe::kFix, Dtype::kBF16, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld")},
        5, "L0C NZ FP32 [m x n] -> GM ND BF16 (RNE), row stride ld elements"),
    NPU_VBIN(Opcode::kVaddF16, "vadd.f16", Dtype::kF16, "dst[i] = a[i] + b[i], i < n"),
    NPU_VBIN(Opcode::kVsubF16, "vsub.f16", Dtype::kF16, "dst[i] = a[i] - b[i], i < n"),
    NPU_VBIN(Opcode::kVmulF16, "vmul.f16", Dtype::kF16, "dst[i] = a[i] * b[i], i < n"),
    NPU_VBIN(Opcode::kVmaxF16, "vmax.f16", Dtype::kF16, "dst[i] = max(a[i], b[i]), i < n"),
    NPU_VBIN(Opcode::kVminF16, "vmin.f16", Dtype::kF16, "dst[i] = min(a[i], b[i]), i < n"),
    Eng(Opcode::kVreluF16, "vrelu.f16", Pipe::kVec, Dtype::kF16, false, false,
        {R(F::kR0, "dst_ub"), R(F::kR1, "a_ub"), R(F::kR2, "n")}, 3, "dst[i] = max(a[i], +0)"),
    NPU_VBIN(Opcode::kVaddF32, "vadd.f32", Dtype::kF32, "dst[i] = a[i] + b[i], i < n"),
    NPU_VBIN(Opcode::kVsubF32, "vsub.f32", Dtype::kF32, "dst[i] = a[i] - b[i], i < n"),
    NPU_VBIN(Opcode::kVmulF32, "vmul.f32", Dtype::kF32, "dst[i] = a[i] * b[i], i < n"),
    NPU_VBIN(Opcode::kVmaxF32, "vmax.f32", Dtype::kF32, "dst[i] = max(a[i], b[i]), i < n"),
    NPU_VBIN(Opcode::kVminF32, "vmin.f32", Dtype::kF32, "dst[i] = min(a[i], b[i]), i < n"),
    Eng(Opcode::kVreluF32, "vrelu.f32", Pipe::kVec, Dtype::kF32, false, false,
        {R(F::kR0, "dst_ub"), R(F::kR1, "a_ub"), R(F::kR2, "n")}, 3, "dst[i] = max(a[i], +0)"),
};

#undef NPU_ND2NZ
#undef NPU_LOAD
#undef NPU_LOAD_DT
#undef NPU_VBIN

}  // namespace

std::span<const OpInfo> davinci_engine_rows() { return kDaVinciRows; }

}  // namespace npu::isa
