// The DaVinci core's scalar front end and fault reporting (see ai_core.h).
#include "davinci/ai_core.h"

#include <fmt/format.h>

namespace npu::model {

using isa::Opcode;
using isa::Pipe;

std::string SubCoreId::label() const {
  switch (kind) {
    case SubCoreKind::kAic:
      return fmt::format("core {} AIC", core);
    case SubCoreKind::kAiv:
      return fmt::format("core {} AIV{}", core, aiv);
    default:
      return fmt::format("core {}", core);
  }
}

std::string SubCoreId::prefix() const {
  switch (kind) {
    case SubCoreKind::kAic:
      return "AIC ";
    case SubCoreKind::kAiv:
      return fmt::format("AIV{} ", aiv);
    default:
      return "";
  }
}

std::string SubCoreId::vcd() const {
  switch (kind) {
    case SubCoreKind::kAic:
      return fmt::format("core{}.aic", core);
    case SubCoreKind::kAiv:
      return fmt::format("core{}.aiv{}", core, aiv);
    default:
      return fmt::format("core{}", core);
  }
}

std::span<const Pipe> pipes_of(SubCoreKind kind) {
  static constexpr Pipe kAicPipes[] = {Pipe::kMte2, Pipe::kMte1, Pipe::kCube, Pipe::kFix};
  static constexpr Pipe kAivPipes[] = {Pipe::kMte2, Pipe::kVec, Pipe::kMte3};
  switch (kind) {
    case SubCoreKind::kAic:
      return kAicPipes;
    case SubCoreKind::kAiv:
      return kAivPipes;
    default:
      return kDaVinciEnginePipes;
  }
}

AiCore::AiCore(sc_core::sc_module_name name, SubCoreId who, std::optional<uint32_t> entry,
               CoreEnv env)
    : sc_core::sc_module(name), m_who(who), m_entry(entry), m_env(env) {
  const config::DaVinciCoreConfig& c = env.cfg.core;
  bool store = !env.opts.timing_only;
  if (who.kind != SubCoreKind::kAiv) {
    m_l1 = std::make_unique<LocalBuffer>("L1", c.l1, store);
    m_l0a = std::make_unique<LocalBuffer>("L0A", c.l0a, store);
    m_l0b = std::make_unique<LocalBuffer>("L0B", c.l0b, store);
    m_l0c = std::make_unique<LocalBuffer>("L0C", c.l0c, store);
    if (c.bt.bytes > 0) m_bt = std::make_unique<LocalBuffer>("BT", c.bt, store);
    if (c.fb.bytes > 0) m_fb = std::make_unique<LocalBuffer>("FB", c.fb, store);
  }
  if (who.kind != SubCoreKind::kAic) m_ub = std::make_unique<LocalBuffer>("UB", c.ub, store);
  m_scalar_data.assign(c.scalar_data_bytes, 0);
  auto exec = [this](Engine& e, const Dispatched& d) { execute_engine(e, d); };
  for (Pipe p : pipes_of(who.kind)) {
    m_engines[static_cast<int>(p)] =
        std::make_unique<Engine>(std::string(isa::pipe_name(p)).c_str(), p, c.queue_depth,
                                 env.clock, m_flags, c.flag_cycles, exec);
  }
  for (int p = 0; p < isa::kNumPipes; ++p) {  // the S pipe's thread is the scalar front end
    m_thread_names[p] =
        who.prefix() + std::string(p == 0 ? "scalar" : isa::pipe_name(static_cast<Pipe>(p)));
  }
  m_ffts_slot = env.ffts.add_member(who.core, who.kind == SubCoreKind::kAiv ? who.aiv : -1,
                                    entry.has_value());
  SC_THREAD(scalar_main);
}

void AiCore::cross_wait(int id, const std::string& thread, uint32_t pc) {
  if (id >= isa::kNumCrossFlagIds) {
    fault(FaultKind::kIllegalInst,
          fmt::format("cross-core flag id {} out of range (0..{})", id, isa::kNumCrossFlagIds - 1),
          thread, pc);
  }
  m_env.ffts.wait(m_ffts_slot, id);
}

const std::string& AiCore::thread_name(Pipe p) const { return m_thread_names[static_cast<int>(p)]; }

std::string AiCore::scalar_state() const {
  const auto& d = m_doing;
  switch (d.what) {
    case ScalarDoing::kNotStarted:
      return "not started";
    case ScalarDoing::kIdle:
      return "idle (the kernel has no entry point for it)";
    case ScalarDoing::kRunning:
      return fmt::format("running block {}", m_block_idx);
    case ScalarDoing::kQueueFull:
      return fmt::format("waiting for room in the {} queue (pc {})", isa::pipe_name(d.pipe), d.pc);
    case ScalarDoing::kWaitFlag:
      return fmt::format("blocked in wait_flag {}->S id {} (pc {})", isa::pipe_name(d.pipe), d.id,
                         d.pc);
    case ScalarDoing::kCcWaitFlag:
      return fmt::format("blocked in cc_wait_flag id {} (pc {})", d.id, d.pc);
    case ScalarDoing::kBarrier:
    case ScalarDoing::kHalt:
      return fmt::format("{} at pc {}: waiting for {} to drain",
                         d.what == ScalarDoing::kHalt ? "halt" : "barrier", d.pc,
                         isa::pipe_name(d.pipe));
    case ScalarDoing::kFinished:
      break;
  }
  return "finished";
}

LocalBuffer& AiCore::need(const std::unique_ptr<LocalBuffer>& b, const char* name,
                          const isa::OpInfo& info, const std::string& thread, uint32_t pc) {
  if (!b) {
    fault(FaultKind::kIllegalInst,
          fmt::format("'{}' uses {}, which {} does not have (AIC and AIV share data only through "
                      "GM)",
                      info.mnemonic, name, m_who.label()),
          thread, pc);
  }
  return *b;
}

void AiCore::cross_set(int mode, int id, const std::string& thread, uint32_t pc) {
  if (m_who.kind == SubCoreKind::kCoupled && mode != 0) {
    fault(FaultKind::kIllegalInst,
          fmt::format("cross-core flag mode {} needs a split core (AIC + AIVs); {} is coupled",
                      mode, m_who.label()),
          thread, pc);
  }
  const uint64_t latency =
      Clock::ceil_cycles(m_env.cfg.core.cross_flag_cycles) * m_env.clock.period_fs();
  if (std::string err = m_env.ffts.set(m_ffts_slot, mode, id, latency); !err.empty()) {
    fault(FaultKind::kIllegalInst, err, thread, pc);
  }
}

std::vector<std::string> AiCore::states() const {
  std::vector<std::string> out;
  const std::string who = m_who.label();
  out.push_back(fmt::format("{} scalar: {}", who, scalar_state()));
  for (const auto& e : m_engines) {
    if (e && !e->drained()) out.push_back(fmt::format("{} {}", who, e->state()));
  }
  if (std::string f = m_flags.nonzero(); !f.empty()) {
    out.push_back(fmt::format("{} flags set: {}", who, f));
  }
  if (std::string f = m_env.ffts.pending(m_ffts_slot); !f.empty()) {
    out.push_back(fmt::format("{} cross-core flags pending: {}", who, f));
  }
  return out;
}

void AiCore::fault(FaultKind kind, const std::string& message, const std::string& thread,
                   int64_t pc) {
  m_env.faults.raise(make_core_fault(m_env, kind, message, m_who.core, thread, pc, states()));
  park_forever();
}

void AiCore::scalar_main() {
  const config::ChipConfig& cfg = m_env.cfg;
  if (!m_entry) {
    m_doing = {ScalarDoing::kIdle};
    m_done = true;
    return;
  }
  m_env.clock.align();
  sc_core::wait(m_env.clock.cycles(Clock::ceil_cycles(cfg.launch_cycles)));
  while (auto block = m_env.blocks.block(m_blocks_taken++)) {
    sc_core::wait(m_env.clock.cycles(Clock::ceil_cycles(cfg.block_dispatch_cycles)));
    if (!run_block(*block)) return;
    ++s_blocks;
  }
  m_doing = {ScalarDoing::kFinished};
  m_done = true;
  m_finish_fs = sc_core::sc_time_stamp().value();
}

void AiCore::dispatch(const isa::Inst& inst, uint32_t pc, Pipe pipe) {
  if (static_cast<int>(pipe) >= isa::kNumPipes || !m_engines[static_cast<int>(pipe)]) {
    fault(FaultKind::kIllegalInst,
          fmt::format("'{}' runs on the {} pipe, which {} does not have", inst.info->mnemonic,
                      isa::pipe_name(pipe), m_who.label()),
          thread_name(Pipe::kS), pc);
  }
  Engine& e = engine(pipe);
  if (e.full()) {
    m_ct.sync();
    m_doing = {ScalarDoing::kQueueFull, pc, pipe};
    e.wait_not_full();
    m_ct.resume();
  }
  Dispatched d;
  d.inst = &inst;
  d.pc = pc;
  d.ready_fs = m_ct.local_fs;
  for (int i = 0; i < inst.info->num_operands; ++i) {
    const isa::OperandSpec& op = inst.info->operands[i];
    if (op.kind == isa::OperandKind::kReg) {
      int f = static_cast<int>(op.field);
      d.v[f] = m_ct.st.regs[inst.r[f]];
    }
  }
  e.push(d);
}

bool AiCore::run_block(uint32_t block_idx) {
  const KernelLaunch& k = m_env.launch;
  const double cycles_per_instr = m_env.cfg.core.scalar_cycles_per_instr;
  m_ct.start(*m_entry);
  m_vmask_lo = m_vmask_hi = ~0ull;  // every block starts with all vector lanes on
  m_block_idx = block_idx;
  m_doing = {ScalarDoing::kRunning};
  const std::string& scalar = thread_name(Pipe::kS);
  auto& regs = m_ct.st.regs;
  std::pair<FaultKind, std::string> err;
  for (;;) {
    // read the period each time: the dynamic power-cap governor may change the clock
    const auto cost_fs = static_cast<uint64_t>(cycles_per_instr * m_env.clock.period_fs());
    const isa::Inst* next =
        m_ct.fetch(k, cost_fs, s_scalar_instructions, m_env.opts.max_instructions, err);
    if (next == nullptr) fault(err.first, err.second, scalar, m_ct.pc);
    const isa::Inst& inst = *next;
    const uint32_t pc = m_ct.pc;
    const Opcode op = inst.opcode();
    if (inst.info->pipe != Pipe::kS) {
      dispatch(inst, pc, inst.info->pipe);
      continue;
    }
    if (op == Opcode::kSetFlag && static_cast<Pipe>(inst.imm_byte(0)) != Pipe::kS) {
      dispatch(inst, pc, static_cast<Pipe>(inst.imm_byte(0)));  // runs in the source pipe's order
      continue;
    }
    if (op == Opcode::kWaitFlag && static_cast<Pipe>(inst.imm_byte(1)) != Pipe::kS) {
      dispatch(inst, pc, static_cast<Pipe>(inst.imm_byte(1)));  // blocks the destination pipe
      continue;
    }
    if ((op == Opcode::kCcSetFlag || op == Opcode::kCcWaitFlag) &&
        static_cast<Pipe>(inst.imm_byte(0)) != Pipe::kS) {
      dispatch(inst, pc, static_cast<Pipe>(inst.imm_byte(0)));  // in that pipe's order
      continue;
    }
    switch (exec_plain_scalar(inst, m_ct.st, k.params, m_scalar_data, err)) {
      case PlainResult::kDone:
        continue;
      case PlainResult::kFault:
        fault(err.first, err.second, scalar, pc);
      case PlainResult::kNotPlain:
        break;
    }
    switch (op) {
      case Opcode::kRsr:
        switch (static_cast<isa::SpecialReg>(inst.imm)) {
          case isa::SpecialReg::kBlockIdx:
            regs[inst.r[0]] = m_block_idx;
            break;
          case isa::SpecialReg::kBlockDim:
            regs[inst.r[0]] = k.block_dim;
            break;
          case isa::SpecialReg::kCoreId:
            regs[inst.r[0]] = static_cast<uint64_t>(m_who.core);
            break;
          case isa::SpecialReg::kSubBlockIdx:
            regs[inst.r[0]] = m_who.kind == SubCoreKind::kAiv ? m_who.aiv : 0;
            break;
          case isa::SpecialReg::kSubBlockDim:
            regs[inst.r[0]] = m_who.kind == SubCoreKind::kAiv ? m_who.aivs : 1;
            break;
          case isa::SpecialReg::kClusterRank:  // no clusters on DaVinci: CTA 0 of 1
            regs[inst.r[0]] = 0;
            break;
          case isa::SpecialReg::kClusterDim:
            regs[inst.r[0]] = 1;
            break;
          default:
            m_ct.sync();
            regs[inst.r[0]] = m_env.clock.to_cycles(sc_core::sc_time_stamp());
            break;
        }
        break;
      case Opcode::kSetFlag: {  // scalar is the source pipe
        m_ct.sync();
        auto dst = static_cast<Pipe>(inst.imm_byte(1));
        m_flags.set(Pipe::kS, dst, inst.imm_byte(2));
        break;
      }
      case Opcode::kWaitFlag: {  // scalar is the destination pipe
        m_ct.sync();
        auto src = static_cast<Pipe>(inst.imm_byte(0));
        m_doing = {ScalarDoing::kWaitFlag, pc, src, inst.imm_byte(2)};
        m_flags.wait(src, Pipe::kS, inst.imm_byte(2));
        m_ct.resume();
        break;
      }
      case Opcode::kCcSetFlag:
        m_ct.sync();
        cross_set(inst.imm_byte(1), inst.imm_byte(2), scalar, pc);
        break;
      case Opcode::kCcWaitFlag:
        m_ct.sync();
        m_doing = {ScalarDoing::kCcWaitFlag, pc, Pipe::kS, inst.imm_byte(2)};
        cross_wait(inst.imm_byte(2), scalar, pc);
        m_ct.resume();
        m_doing = {ScalarDoing::kRunning};
        break;
      case Opcode::kBarrier:
      case Opcode::kHalt: {
        m_ct.sync();
        const bool halt = op == Opcode::kHalt;
        auto which = halt ? Pipe::kAll : static_cast<Pipe>(inst.imm_byte(0));
        m_doing = {halt ? ScalarDoing::kHalt : ScalarDoing::kBarrier, pc, which};
        for (auto& e : m_engines) {
          if (e && (which == Pipe::kAll || e->pipe() == which)) e->wait_drained();
        }
        m_ct.resume();
        m_doing = {ScalarDoing::kRunning};
        if (halt) {
          if (std::string f = m_flags.nonzero(); !f.empty()) {
            fault(FaultKind::kUnconsumedFlag,
                  fmt::format("block {} halted with flags set and never waited for: {}", block_idx,
                              f),
                  scalar, pc);
          }
          return true;
        }
        break;
      }
      default:
        fault(FaultKind::kIllegalInst,
              fmt::format("'{}' is not a DaVinci scalar instruction", inst.info->mnemonic), scalar,
              pc);
    }
  }
}

}  // namespace npu::model
