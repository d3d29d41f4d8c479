// The tensor-core (H100-like SM) ISA table: the shared scalar subset plus mbarriers, wgmma groups,
// TMA, wgmma, the SIMT epilogue and the LSU. Operand layouts and semantics are documented for
// kernel authors in firmware/ISA.md ("Tensor-core family"); the SM model is systemc/tensorcore.
#include "isa/isa.h"
#include "isa/scalar_rows.h"

namespace npu::isa {
namespace {

using K = OperandKind;
using F = Field;

constexpr OperandSpec R(Field f, const char* n) { return {K::kReg, f, n}; }

constexpr OpInfo Row(Opcode op, const char* mn, Pipe p, Dtype dt, bool init,
                     std::array<OperandSpec, 6> ops, uint8_t n, const char* summary) {
  return {op, mn, p, dt, false, init, ops, n, summary};
}

#define NPU_WGMMA(op, mn, dt, init, what)                                              \
  Row(op, mn, Pipe::kCube, dt, init,                                                   \
      {R(F::kR0, "acc_rf"), R(F::kR1, "a_smem"), R(F::kR2, "b_smem"), R(F::kR3, "nk"), \
       R(F::kR4, "lda"), R(F::kR5, "ldb")},                                            \
      6, what)
#define NPU_LSU(op, mn, dst, src, what)                                         \
  Row(op, mn, Pipe::kMte3, Dtype::kNone, false,                                 \
      {R(F::kR0, dst), R(F::kR1, src), R(F::kR2, "width"), R(F::kR3, "stride"), \
       R(F::kR4, "lanes")},                                                     \
      5, what)
#define NPU_EPI(op, mn, dt, what)                                                      \
  Row(op, mn, Pipe::kVec, dt, false,                                                   \
      {R(F::kR0, "dst_gm"), R(F::kR1, "acc_rf"), R(F::kR2, "rows"), R(F::kR3, "cols"), \
       R(F::kR4, "ld"), R(F::kR5, "acc_ld")},                                          \
      6, what)

constexpr OpInfo kTensorCoreRows[] = {
    Row(Opcode::kMbarInit, "mbar.init", Pipe::kS, Dtype::kNone, false,
        {R(F::kR0, "bar"), R(F::kR1, "count")}, 2,
        "mbarrier bar: phase 0, expects count arrivals per phase"),
    Row(Opcode::kMbarArrive, "mbar.arrive", Pipe::kS, Dtype::kNone, false, {R(F::kR0, "bar")}, 1,
        "one arrival on mbarrier bar"),
    Row(Opcode::kMbarArriveTx, "mbar.arrive_tx", Pipe::kS, Dtype::kNone, false,
        {R(F::kR0, "bar"), R(F::kR1, "bytes")}, 2,
        "one arrival on bar, and the current phase also waits for bytes of TMA completions"),
    Row(Opcode::kMbarWait, "mbar.wait", Pipe::kS, Dtype::kNone, false,
        {R(F::kR0, "bar"), R(F::kR1, "parity")}, 2,
        "block this thread until bar's phase with parity (0/1) has completed"),
    Row(Opcode::kWgmmaCommit, "wgmma.commit", Pipe::kS, Dtype::kNone, false, {}, 0,
        "close this thread's open group of wgmma instructions"),
    Row(Opcode::kWgmmaWait, "wgmma.wait", Pipe::kS, Dtype::kNone, false,
        {OperandSpec{K::kImm, F::kImm, "n"}}, 1,
        "block this thread until at most n of its committed wgmma groups are pending"),
    Row(Opcode::kMbarArriveCluster, "mbar.arrive.cluster", Pipe::kS, Dtype::kNone, false,
        {R(F::kR0, "bar"), R(F::kR1, "rank")}, 2,
        "one arrival on mbarrier bar of cluster CTA rank (sm.cluster.latency later when remote)"),
    Row(Opcode::kClusterSync, "cluster.sync", Pipe::kS, Dtype::kNone, false, {}, 0,
        "block until every control thread of every CTA of the cluster has arrived or halted"),
    Row(Opcode::kTmaLoadMc, "tma.load.mc", Pipe::kMte2, Dtype::kNone, false,
        {R(F::kR0, "dst_smem"), R(F::kR1, "src_gm"), R(F::kR2, "rows"), R(F::kR3, "cols"),
         R(F::kR4, "ld"), R(F::kR5, "bar_mask")},
        6,
        "tma.load multicast: the box to dst_smem of every cluster CTA in mask (bar_mask 31:16), "
        "tx bytes on mbarrier bar (15:0) of each"),
    Row(Opcode::kTmaLoad, "tma.load", Pipe::kMte2, Dtype::kNone, false,
        {R(F::kR0, "dst_smem"), R(F::kR1, "src_gm"), R(F::kR2, "rows"), R(F::kR3, "cols"),
         R(F::kR4, "ld"), R(F::kR5, "bar")},
        6, "GM 2-D box (bytes) -> SMEM, zero fill past the valid extent; tx bytes on bar"),
    Row(Opcode::kTmaStore, "tma.store", Pipe::kMte2, Dtype::kNone, false,
        {R(F::kR0, "dst_gm"), R(F::kR1, "src_smem"), R(F::kR2, "rows"), R(F::kR3, "cols"),
         R(F::kR4, "ld"), R(F::kR5, "bar")},
        6, "SMEM 2-D tile (bytes) -> GM; tx bytes on bar once SMEM has been read"),
    NPU_WGMMA(Opcode::kWgmmaF16, "wgmma.f16", Dtype::kF16, false,
              "RF acc[64 x n] FP32 += SMEM A[64 x 16] x B[16 x n] FP16, ascending k"),
    NPU_WGMMA(Opcode::kWgmmaInitF16, "wgmma.init.f16", Dtype::kF16, true,
              "RF acc[64 x n] FP32 = +0.0 + SMEM A[64 x 16] x B[16 x n] FP16"),
    NPU_WGMMA(Opcode::kWgmmaS8, "wgmma.s8", Dtype::kS8, false,
              "RF acc[64 x n] INT32 += SMEM A[64 x 32] x B[32 x n] INT8 (wrap-around)"),
    NPU_WGMMA(Opcode::kWgmmaInitS8, "wgmma.init.s8", Dtype::kS8, true,
              "RF acc[64 x n] INT32 = A[64 x 32] x B[32 x n] INT8"),
    NPU_EPI(Opcode::kEpiF16, "epi.f16", Dtype::kF16,
            "RF FP32 acc [rows x cols] -> GM FP16 (RNE), row stride ld elements"),
    NPU_EPI(Opcode::kEpiF32, "epi.f32", Dtype::kF32, "RF FP32 acc [rows x cols] -> GM FP32"),
    NPU_EPI(Opcode::kEpiS32, "epi.s32", Dtype::kS32, "RF INT32 acc [rows x cols] -> GM INT32"),
    Row(Opcode::kEpiScale, "epi.scale", Pipe::kS, Dtype::kNone, false, {R(F::kR0, "ab")}, 1,
        "this thread's epi.ab factors: FP32 alpha in bits 31:0 of ab, FP32 beta in bits 63:32"),
    NPU_EPI(Opcode::kEpiAbF16, "epi.ab.f16", Dtype::kF16,
            "GM FP16 C = alpha * RF FP32 acc + beta * C (C read only when beta != 0), RNE"),
    NPU_EPI(Opcode::kEpiAbF32, "epi.ab.f32", Dtype::kF32,
            "GM FP32 C = alpha * RF FP32 acc + beta * C (C read only when beta != 0)"),
    NPU_EPI(Opcode::kEpiAbS8, "epi.ab.s8", Dtype::kS8,
            "GM INT8 C = sat8(rne(alpha * RF INT32 acc + beta * C)) (C read only when beta != 0)"),
    NPU_LSU(Opcode::kLdGlobal, "ld.global", "dst_rf", "src_gm",
            "lane i: RF[dst + i*width] = GM[src + i*stride], width bytes; 32 lanes per warp"),
    NPU_LSU(Opcode::kStGlobal, "st.global", "dst_gm", "src_rf",
            "lane i: GM[dst + i*stride] = RF[src + i*width], width bytes; 32 lanes per warp"),
    NPU_LSU(Opcode::kLdShared, "ld.shared", "dst_rf", "src_smem",
            "lane i: RF[dst + i*width] = SMEM[src + i*stride], width bytes; 32 lanes per warp"),
    NPU_LSU(Opcode::kStShared, "st.shared", "dst_smem", "src_rf",
            "lane i: SMEM[dst + i*stride] = RF[src + i*width], width bytes; 32 lanes per warp"),
};

#undef NPU_WGMMA
#undef NPU_EPI
#undef NPU_LSU

}  // namespace

std::span<const OpInfo> tensorcore_engine_rows() { return kTensorCoreRows; }

}  // namespace npu::isa
