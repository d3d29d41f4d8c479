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
// Vector rows: every operand is a register; rep = repeat count (1..255), cfg = packed strides.
#define NPU_VBIN(op, mn, dt, what)                                                  \
  Eng(op, mn, Pipe::kVec, dt, false, false,                                         \
      {R(F::kR0, "dst_ub"), R(F::kR1, "a_ub"), R(F::kR2, "b_ub"), R(F::kR3, "rep"), \
       R(F::kR4, "cfg")},                                                           \
      5, what)
#define NPU_VUN(op, mn, dt, what)           \
  Eng(op, mn, Pipe::kVec, dt, false, false, \
      {R(F::kR0, "dst_ub"), R(F::kR1, "a_ub"), R(F::kR2, "rep"), R(F::kR3, "cfg")}, 4, what)
#define NPU_VSCA(op, mn, dt, what)                                               \
  Eng(op, mn, Pipe::kVec, dt, false, false,                                      \
      {R(F::kR0, "dst_ub"), R(F::kR1, "a_ub"), R(F::kR2, "s"), R(F::kR3, "rep"), \
       R(F::kR4, "cfg")},                                                        \
      5, what)

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
    Eng(Opcode::kCcSetFlag, "cc_set_flag", Pipe::kS, Dtype::kNone, false, false,
        {OperandSpec{K::kPipe, F::kImmB0, "pipe"}, OperandSpec{K::kImm, F::kImmB1, "mode"},
         OperandSpec{K::kImm, F::kImmB2, "id"}},
        3, "in pipe order: set cross-core flag id (0..10), mode 0 all cores, 1 AIVs, 2 AIC<->AIVs"),
    Eng(Opcode::kCcWaitFlag, "cc_wait_flag", Pipe::kS, Dtype::kNone, false, false,
        {OperandSpec{K::kPipe, F::kImmB0, "pipe"}, OperandSpec{K::kImm, F::kImmB2, "id"}}, 2,
        "in pipe order: wait until cross-core flag id > 0 on this sub-core, then decrement"),
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
    Eng(Opcode::kLoadBt, "load_bt", Pipe::kMte1, Dtype::kNone, false, false,
        {R(F::kR0, "dst_bt"), R(F::kR1, "src_l1"), R(F::kR2, "bytes")}, 3,
        "copy bytes L1 -> BT (bias table: 4-byte FP32 / INT32 entries)"),
    Eng(Opcode::kLoadFb, "load_fb", Pipe::kFix, Dtype::kNone, false, false,
        {R(F::kR0, "dst_fb"), R(F::kR1, "src_l1"), R(F::kR2, "bytes")}, 3,
        "copy bytes L1 -> FB (fixpipe buffer: FP32 per-channel scales)"),
    Eng(Opcode::kMmadBiasF16, "mmad.bias.f16", Pipe::kCube, Dtype::kF16, false, false,
        {R(F::kR0, "dst_l0c"), R(F::kR1, "a_l0a"), R(F::kR2, "b_l0b"), R(F::kR3, "m"),
         R(F::kR4, "k"), R(F::kR5, "n_bt")},
        6, "L0C[m,n] = BT FP32 bias[n] + L0A[m,k] x L0B[k,n]; n_bt = n | bt_addr << 32"),
    Eng(Opcode::kMmadBiasS8, "mmad.bias.s8", Pipe::kCube, Dtype::kS8, false, false,
        {R(F::kR0, "dst_l0c"), R(F::kR1, "a_l0a"), R(F::kR2, "b_l0b"), R(F::kR3, "m"),
         R(F::kR4, "k"), R(F::kR5, "n_bt")},
        6, "L0C[m,n] = BT INT32 bias[n] + L0A[m,k] x L0B[k,n]; n_bt = n | bt_addr << 32"),
    Eng(Opcode::kFixS8Fb, "fix.s8.fb", Pipe::kFix, Dtype::kS8, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld"), R(F::kR5, "scales_fb")},
        6, "L0C NZ INT32 [m x n] -> GM ND INT8: column j requantised by FB FP32 scale j"),
    Eng(Opcode::kFixBF16, "fix.bf16", Pipe::kFix, Dtype::kBF16, false, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_l0c"), R(F::kR2, "m"), R(F::kR3, "n"),
         R(F::kR4, "ld")},
        5, "L0C NZ FP32 [m x n] -> GM ND BF16 (RNE), row stride ld elements"),
    NPU_VBIN(Opcode::kVaddF16, "vadd.f16", Dtype::kF16, "dst = a + b"),
    NPU_VBIN(Opcode::kVsubF16, "vsub.f16", Dtype::kF16, "dst = a - b"),
    NPU_VBIN(Opcode::kVmulF16, "vmul.f16", Dtype::kF16, "dst = a * b"),
    NPU_VBIN(Opcode::kVdivF16, "vdiv.f16", Dtype::kF16, "dst = a / b"),
    NPU_VBIN(Opcode::kVmaxF16, "vmax.f16", Dtype::kF16, "dst = max(a, b)"),
    NPU_VBIN(Opcode::kVminF16, "vmin.f16", Dtype::kF16, "dst = min(a, b)"),
    NPU_VBIN(Opcode::kVaddF32, "vadd.f32", Dtype::kF32, "dst = a + b"),
    NPU_VBIN(Opcode::kVsubF32, "vsub.f32", Dtype::kF32, "dst = a - b"),
    NPU_VBIN(Opcode::kVmulF32, "vmul.f32", Dtype::kF32, "dst = a * b"),
    NPU_VBIN(Opcode::kVdivF32, "vdiv.f32", Dtype::kF32, "dst = a / b"),
    NPU_VBIN(Opcode::kVmaxF32, "vmax.f32", Dtype::kF32, "dst = max(a, b)"),
    NPU_VBIN(Opcode::kVminF32, "vmin.f32", Dtype::kF32, "dst = min(a, b)"),
    NPU_VUN(Opcode::kVreluF16, "vrelu.f16", Dtype::kF16, "dst = max(a, +0)"),
    NPU_VUN(Opcode::kVexpF16, "vexp.f16", Dtype::kF16, "dst = e^a (bound in ISA.md)"),
    NPU_VUN(Opcode::kVlnF16, "vln.f16", Dtype::kF16, "dst = ln a (bound in ISA.md)"),
    NPU_VUN(Opcode::kVsqrtF16, "vsqrt.f16", Dtype::kF16, "dst = sqrt(a), IEEE"),
    NPU_VUN(Opcode::kVrecF16, "vrec.f16", Dtype::kF16, "dst = 1 / a, IEEE"),
    NPU_VUN(Opcode::kVreluF32, "vrelu.f32", Dtype::kF32, "dst = max(a, +0)"),
    NPU_VUN(Opcode::kVexpF32, "vexp.f32", Dtype::kF32, "dst = e^a (bound in ISA.md)"),
    NPU_VUN(Opcode::kVlnF32, "vln.f32", Dtype::kF32, "dst = ln a (bound in ISA.md)"),
    NPU_VUN(Opcode::kVsqrtF32, "vsqrt.f32", Dtype::kF32, "dst = sqrt(a), IEEE"),
    NPU_VUN(Opcode::kVrecF32, "vrec.f32", Dtype::kF32, "dst = 1 / a, IEEE"),
    Eng(Opcode::kSetVmask, "set_vmask", Pipe::kVec, Dtype::kNone, false, false,
        {R(F::kR0, "lo"), R(F::kR1, "hi")}, 2, "vector lane mask = hi:lo (128 bits, in V order)"),
    NPU_VSCA(Opcode::kVaddsF16, "vadds.f16", Dtype::kF16, "dst = a + s"),
    NPU_VSCA(Opcode::kVmulsF16, "vmuls.f16", Dtype::kF16, "dst = a * s"),
    NPU_VSCA(Opcode::kVmaxsF16, "vmaxs.f16", Dtype::kF16, "dst = max(a, s)"),
    NPU_VSCA(Opcode::kVminsF16, "vmins.f16", Dtype::kF16, "dst = min(a, s)"),
    NPU_VSCA(Opcode::kVaddsF32, "vadds.f32", Dtype::kF32, "dst = a + s"),
    NPU_VSCA(Opcode::kVmulsF32, "vmuls.f32", Dtype::kF32, "dst = a * s"),
    NPU_VSCA(Opcode::kVmaxsF32, "vmaxs.f32", Dtype::kF32, "dst = max(a, s)"),
    NPU_VSCA(Opcode::kVminsF32, "vmins.f32", Dtype::kF32, "dst = min(a, s)"),
    NPU_VUN(Opcode::kVconvF16F32, "vconv.f162f32", Dtype::kF32,
            "dst FP32 = a FP16 (exact), 64 lanes"),
    NPU_VUN(Opcode::kVconvF32F16, "vconv.f322f16", Dtype::kF16,
            "dst FP16 = a FP32 (RNE), 64 lanes"),
    NPU_VUN(Opcode::kVcaddF16, "vcadd.f16", Dtype::kF16, "dst[r] = tree sum of repeat r's lanes"),
    NPU_VUN(Opcode::kVcaddF32, "vcadd.f32", Dtype::kF32, "dst[r] = tree sum of repeat r's lanes"),
    NPU_VUN(Opcode::kVcmaxF16, "vcmax.f16", Dtype::kF16, "dst[r] = max of repeat r's lanes"),
    NPU_VUN(Opcode::kVcmaxF32, "vcmax.f32", Dtype::kF32, "dst[r] = max of repeat r's lanes"),
    NPU_VUN(Opcode::kVbrcbF16, "vbrcb.f16", Dtype::kF16,
            "dst block j of repeat r = a[8r + j] broadcast"),
    NPU_VUN(Opcode::kVbrcbF32, "vbrcb.f32", Dtype::kF32,
            "dst block j of repeat r = a[8r + j] broadcast"),
    Eng(Opcode::kVdupF16, "vdup.f16", Pipe::kVec, Dtype::kF16, false, false,
        {R(F::kR0, "dst_ub"), R(F::kR1, "s"), R(F::kR2, "rep"), R(F::kR3, "cfg")}, 4,
        "dst = s in every active lane"),
    Eng(Opcode::kVdupF32, "vdup.f32", Pipe::kVec, Dtype::kF32, false, false,
        {R(F::kR0, "dst_ub"), R(F::kR1, "s"), R(F::kR2, "rep"), R(F::kR3, "cfg")}, 4,
        "dst = s in every active lane"),
};

#undef NPU_ND2NZ
#undef NPU_LOAD
#undef NPU_LOAD_DT
#undef NPU_VBIN
#undef NPU_VUN
#undef NPU_VSCA

}  // namespace

std::span<const OpInfo> davinci_engine_rows() { return kDaVinciRows; }

}  // namespace npu::isa
