// The DaVinci vector pipe (V): what each vector instruction does (func/vector_repeat.h, the
// single source of arithmetic) and what it costs: core.vec.<class>.head + repeat x
// core.vec.<class>.repeat_f16|f32 + UB bank-conflict accesses x core.vec.bank_conflict
// (ub_banks.h). Every operand footprint is checked against UB before anything is computed.
#include <fmt/format.h>

#include <bit>
#include <vector>

#include "davinci/ai_core.h"
#include "davinci/ub_banks.h"
#include "func/fp16.h"
#include "func/vector_repeat.h"

namespace npu::model {

using isa::Dtype;
using isa::Opcode;

namespace {

enum class VecKind : uint8_t { kBinary, kUnary, kScalar, kConvert, kReduce, kBrcb, kDup };

struct VecClass {
  VecKind kind;
  func::VecOp op;
  config::VecCost config::VecConfig::*cost;
};

VecClass classify(Opcode op) {
  using K = VecKind;
  using O = func::VecOp;
  using C = config::VecConfig;
  switch (op) {
    case Opcode::kVaddF16:
    case Opcode::kVaddF32:
      return {K::kBinary, O::kAdd, &C::add};
    case Opcode::kVsubF16:
    case Opcode::kVsubF32:
      return {K::kBinary, O::kSub, &C::add};
    case Opcode::kVmulF16:
    case Opcode::kVmulF32:
      return {K::kBinary, O::kMul, &C::mul};
    case Opcode::kVdivF16:
    case Opcode::kVdivF32:
      return {K::kBinary, O::kDiv, &C::div};
    case Opcode::kVmaxF16:
    case Opcode::kVmaxF32:
      return {K::kBinary, O::kMax, &C::max};
    case Opcode::kVminF16:
    case Opcode::kVminF32:
      return {K::kBinary, O::kMin, &C::max};
    case Opcode::kVreluF16:
    case Opcode::kVreluF32:
      return {K::kUnary, O::kRelu, &C::relu};
    case Opcode::kVexpF16:
    case Opcode::kVexpF32:
      return {K::kUnary, O::kExp, &C::exp};
    case Opcode::kVlnF16:
    case Opcode::kVlnF32:
      return {K::kUnary, O::kLn, &C::ln};
    case Opcode::kVsqrtF16:
    case Opcode::kVsqrtF32:
      return {K::kUnary, O::kSqrt, &C::sqrt};
    case Opcode::kVrecF16:
    case Opcode::kVrecF32:
      return {K::kUnary, O::kRec, &C::div};
    case Opcode::kVaddsF16:
    case Opcode::kVaddsF32:
      return {K::kScalar, O::kAdd, &C::adds};
    case Opcode::kVmulsF16:
    case Opcode::kVmulsF32:
      return {K::kScalar, O::kMul, &C::muls};
    case Opcode::kVmaxsF16:
    case Opcode::kVmaxsF32:
      return {K::kScalar, O::kMax, &C::adds};
    case Opcode::kVminsF16:
    case Opcode::kVminsF32:
      return {K::kScalar, O::kMin, &C::adds};
    case Opcode::kVconvF16F32:
    case Opcode::kVconvF32F16:
      return {K::kConvert, O::kAdd, &C::conv};
    case Opcode::kVcaddF16:
    case Opcode::kVcaddF32:
      return {K::kReduce, O::kAdd, &C::reduce_sum};
    case Opcode::kVcmaxF16:
    case Opcode::kVcmaxF32:
      return {K::kReduce, O::kMax, &C::reduce_max};
    case Opcode::kVbrcbF16:
    case Opcode::kVbrcbF32:
      return {K::kBrcb, O::kAdd, &C::brcb};
    default:
      return {K::kDup, O::kAdd, &C::dup};
  }
}

// The scalar operand's bits as the instruction's dtype, widened to FP32 (exact).
float scalar_value(uint64_t bits, Dtype dt) {
  return dt == Dtype::kF32 ? std::bit_cast<float>(static_cast<uint32_t>(bits))
                           : func::f16_to_f32(static_cast<uint16_t>(bits));
}

}  // namespace

void AiCore::execute_vec(Engine& e, const Dispatched& d) {
  const isa::OpInfo& info = *d.inst->info;
  const config::DaVinciCoreConfig& c = m_env.cfg.core;
  const std::string& thread = thread_name(e.pipe());
  const auto& v = d.v;
  if (info.opcode == Opcode::kSetVmask) {
    e.wait_cycles(Clock::ceil_cycles(c.vec.mask_cycles));
    m_vmask_lo = v[0];
    m_vmask_hi = v[1];
    return;
  }
  auto require = [&](bool ok, auto&& why) { check_shape(ok, info, thread, d.pc, why); };
  auto check_buf = [&](uint64_t addr, uint64_t len, const char* what) {
    if (auto err = m_ub->check(addr, len, what)) fault(err->first, err->second, thread, d.pc);
  };

  const VecClass cls = classify(info.opcode);
  const bool has_b = cls.kind == VecKind::kBinary || cls.kind == VecKind::kScalar;
  // Operand fields: dst, a (or s for vdup), [b or s], rep, cfg.
  const int rep_field = has_b ? 3 : 2;
  const uint64_t rep64 = v[rep_field];
  require(rep64 >= 1 && rep64 <= func::kVecMaxRepeat, [&] {
    return fmt::format("repeat count {} out of range 1..{}", rep64, func::kVecMaxRepeat);
  });
  const auto repeat = static_cast<uint32_t>(rep64);
  const func::VecStrides st = func::VecStrides::unpack(v[rep_field + 1]);
  const Dtype dt = info.dtype;
  const Dtype src_dt = info.opcode == Opcode::kVconvF16F32   ? Dtype::kF16
                       : info.opcode == Opcode::kVconvF32F16 ? Dtype::kF32
                                                             : dt;
  const uint32_t lanes = func::vec_lanes(dt, src_dt);
  const func::VecOperand dst{v[0], st.dst_blk, st.dst_rep, dt};
  const func::VecOperand a{v[1], st.a_blk, st.a_rep, src_dt};
  const func::VecOperand b{v[2], st.b_blk, st.b_rep, src_dt};
  const uint64_t es = static_cast<uint64_t>(isa::dtype_bytes(dt));

  // Footprints, and the streams the bank model sees.
  std::vector<UbStream> reads, writes;
  auto stream = [&](const func::VecOperand& o, const char* what, std::vector<UbStream>& to) {
    check_buf(o.base, func::operand_extent(o, lanes, repeat), what);
    to.push_back({o, func::vec_blocks(lanes, o.dt)});
  };
  switch (cls.kind) {
    case VecKind::kBinary:
      stream(a, "operand a", reads);
      stream(b, "operand b", reads);
      stream(dst, "destination", writes);
      break;
    case VecKind::kUnary:
    case VecKind::kScalar:
    case VecKind::kConvert:
      stream(a, "operand a", reads);
      stream(dst, "destination", writes);
      break;
    case VecKind::kDup:
      stream(dst, "destination", writes);
      break;
    case VecKind::kReduce:  // one result element per repeat, consecutive
      stream(a, "operand a", reads);
      check_buf(dst.base, repeat * es, "destination");
      break;
    case VecKind::kBrcb:  // 8 consecutive source elements per repeat
      check_buf(a.base, repeat * 8 * es, "operand a");
      stream(dst, "destination", writes);
      break;
  }

  const config::VecCost& cost = c.vec.*cls.cost;
  const double per_repeat = dt == Dtype::kF32 ? cost.repeat_f32 : cost.repeat_f16;
  const uint64_t conflicts = ub_conflicts(c.ub_banks, reads, writes, repeat);
  e.wait_cycles(Clock::ceil_cycles(cost.head_cycles + repeat * per_repeat +
                                   static_cast<double>(conflicts) * c.vec.bank_conflict_cycles));
  s_vec_conflicts += conflicts;
  s_vec_bytes += static_cast<uint64_t>(repeat) * lanes * es;  // power: bytes the lanes process
  if (m_env.opts.timing_only) return;

  uint8_t* ub = m_ub->at(0);
  const func::VecMask mask{m_vmask_lo, m_vmask_hi};
  switch (cls.kind) {
    case VecKind::kBinary:
    case VecKind::kUnary:
      func::vec_elementwise(cls.op, ub, dst, a, b, repeat, mask);
      break;
    case VecKind::kScalar:
      func::vec_scalar(cls.op, ub, dst, a, scalar_value(v[2], dt), repeat, mask);
      break;
    case VecKind::kConvert:
      func::vec_convert(ub, dst, a, repeat, mask);
      break;
    case VecKind::kReduce:
      func::vec_reduce(cls.op == func::VecOp::kAdd ? func::VecReduce::kSum : func::VecReduce::kMax,
                       ub, dst.base, a, repeat, mask);
      break;
    case VecKind::kBrcb:
      func::vec_brcb(ub, dst, a.base, repeat);
      break;
    case VecKind::kDup:
      func::vec_dup(ub, dst, scalar_value(v[1], dt), repeat, mask);
      break;
  }
}

}  // namespace npu::model
