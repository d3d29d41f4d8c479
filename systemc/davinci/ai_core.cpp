// The DaVinci core's scalar front end and fault reporting (see ai_core.h).
#include "davinci/ai_core.h"

#include <fmt/format.h>

#include "asm/disassembler.h"
#include "core/scalar_alu.h"

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

std::string AiCore::thread_name(Pipe p) const {
  return m_who.prefix() + std::string(isa::pipe_name(p));
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
  out.push_back(fmt::format("{} scalar: {}", who, m_scalar_state));
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
  Fault f;
  f.kind = kind;
  f.message = message;
  f.core = m_who.core;
  f.thread = thread;
  f.pc = pc;
  f.cycle = m_env.clock.now_cycles();
  const KernelLaunch& k = m_env.launch;
  if (pc >= 0 && static_cast<size_t>(pc) < k.code.size()) {
    f.instruction = as::disassemble_inst(k.code[pc], k.image);
    if (const as::LineEntry* le = k.image->line_for_pc(pc)) {
      f.source = fmt::format("{}:{}: {}", k.image->source_name, le->line, le->text);
    }
  }
  f.states = states();
  m_env.faults.raise(std::move(f));
  park_forever();
}

void AiCore::sync() {
  uint64_t now = sc_core::sc_time_stamp().value();
  if (m_local_fs > now) {
    sc_core::wait(sc_core::sc_time::from_value(m_local_fs - now));
  } else {
    m_local_fs = now;
  }
}

void AiCore::scalar_main() {
  const config::ChipConfig& cfg = m_env.cfg;
  if (!m_entry) {
    m_scalar_state = "idle (the kernel has no entry point for it)";
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
  m_scalar_state = "finished";
  m_done = true;
  m_finish_fs = sc_core::sc_time_stamp().value();
}

void AiCore::dispatch(const isa::Inst& inst, uint32_t pc, Pipe pipe) {
  if (static_cast<int>(pipe) >= isa::kNumPipes || !m_engines[static_cast<int>(pipe)]) {
    fault(FaultKind::kIllegalInst,
          fmt::format("'{}' runs on the {} pipe, which {} does not have", inst.info->mnemonic,
                      isa::pipe_name(pipe), m_who.label()),
          m_who.prefix() + "scalar", pc);
  }
  Engine& e = engine(pipe);
  if (e.full()) {
    sync();
    m_scalar_state =
        fmt::format("waiting for room in the {} queue (pc {})", isa::pipe_name(pipe), pc);
    e.wait_not_full();
    m_local_fs = sc_core::sc_time_stamp().value();
  }
  Dispatched d;
  d.inst = &inst;
  d.pc = pc;
  d.ready_fs = m_local_fs;
  for (int i = 0; i < inst.info->num_operands; ++i) {
    const isa::OperandSpec& op = inst.info->operands[i];
    if (op.kind == isa::OperandKind::kReg) {
      int f = static_cast<int>(op.field);
      d.v[f] = m_regs[inst.r[f]];
    }
  }
  e.push(d);
}

bool AiCore::run_block(uint32_t block_idx) {
  const KernelLaunch& k = m_env.launch;
  const double cycles_per_instr = m_env.cfg.core.scalar_cycles_per_instr;
  m_regs = {};
  m_vmask_lo = m_vmask_hi = ~0ull;  // every block starts with all vector lanes on
  m_pc = *m_entry;
  m_block_idx = block_idx;
  m_local_fs = sc_core::sc_time_stamp().value();
  m_scalar_state = fmt::format("running block {}", block_idx);
  uint64_t since_sync = 0;
  const std::string scalar = m_who.prefix() + "scalar";
  for (;;) {
    if (m_pc >= k.code.size()) {
      fault(FaultKind::kIllegalInst, fmt::format("pc {} is past the end of the code", m_pc), scalar,
            m_pc);
    }
    const isa::Inst& inst = k.code[m_pc];
    const uint32_t pc = m_pc++;
    // read the period each time: the dynamic power-cap governor may change the clock
    m_local_fs += static_cast<uint64_t>(cycles_per_instr * m_env.clock.period_fs());
    if (++s_scalar_instructions > m_env.opts.max_instructions) {
      fault(FaultKind::kInstBudget,
            fmt::format("scalar instruction budget of {} exceeded (runaway loop?)",
                        m_env.opts.max_instructions),
            scalar, pc);
    }
    if (++since_sync >= 4096) {  // let SystemC (and the cycle budget) see time pass
      since_sync = 0;
      sync();
    }
    const uint64_t a = m_regs[inst.r[1]], b = m_regs[inst.r[2]];
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
    switch (op) {
      case Opcode::kNop:
        break;
      case Opcode::kLi:
        m_regs[inst.r[0]] = static_cast<uint64_t>(inst.imm);
        break;
      case Opcode::kMov:
        m_regs[inst.r[0]] = a;
        break;
      case Opcode::kAddi:
      case Opcode::kMuli:
      case Opcode::kAndi:
      case Opcode::kShli:
      case Opcode::kShri:
      case Opcode::kSrai:
        m_regs[inst.r[0]] = *alu(op, a, static_cast<uint64_t>(inst.imm));
        break;
      case Opcode::kBeq:
      case Opcode::kBne:
      case Opcode::kBlt:
      case Opcode::kBge:
      case Opcode::kBltu:
      case Opcode::kBgeu:
        if (branch_taken(op, m_regs[inst.r[0]], m_regs[inst.r[1]])) {
          m_pc = static_cast<uint32_t>(inst.imm);
        }
        break;
      case Opcode::kJmp:
        m_pc = static_cast<uint32_t>(inst.imm);
        break;
      case Opcode::kLdp:
        if (static_cast<size_t>(inst.imm) >= k.params.size()) {
          fault(FaultKind::kIllegalInst, fmt::format("parameter index {} not bound", inst.imm),
                scalar, pc);
        }
        m_regs[inst.r[0]] = k.params[inst.imm];
        break;
      case Opcode::kRsr:
        switch (static_cast<isa::SpecialReg>(inst.imm)) {
          case isa::SpecialReg::kBlockIdx:
            m_regs[inst.r[0]] = m_block_idx;
            break;
          case isa::SpecialReg::kBlockDim:
            m_regs[inst.r[0]] = k.block_dim;
            break;
          case isa::SpecialReg::kCoreId:
            m_regs[inst.r[0]] = static_cast<uint64_t>(m_who.core);
            break;
          case isa::SpecialReg::kSubBlockIdx:
            m_regs[inst.r[0]] = m_who.kind == SubCoreKind::kAiv ? m_who.aiv : 0;
            break;
          case isa::SpecialReg::kSubBlockDim:
            m_regs[inst.r[0]] = m_who.kind == SubCoreKind::kAiv ? m_who.aivs : 1;
            break;
          default:
            sync();
            m_regs[inst.r[0]] = m_env.clock.to_cycles(sc_core::sc_time_stamp());
            break;
        }
        break;
      case Opcode::kLd:
      case Opcode::kSt: {
        uint64_t addr = m_regs[inst.r[1]] + static_cast<uint64_t>(inst.imm);
        if (addr % 8 != 0 || addr >= m_scalar_data.size() || m_scalar_data.size() - addr < 8) {
          fault(FaultKind::kScalarMemory,
                fmt::format("scalar data access at 0x{:x} is {} (scalar data memory is {} bytes, "
                            "8-byte aligned words)",
                            addr, addr % 8 ? "misaligned" : "out of range", m_scalar_data.size()),
                scalar, pc);
        }
        if (op == Opcode::kLd) {
          std::memcpy(&m_regs[inst.r[0]], &m_scalar_data[addr], 8);
        } else {
          std::memcpy(&m_scalar_data[addr], &m_regs[inst.r[0]], 8);
        }
        break;
      }
      case Opcode::kSetFlag: {  // scalar is the source pipe
        sync();
        auto dst = static_cast<Pipe>(inst.imm_byte(1));
        m_flags.set(Pipe::kS, dst, inst.imm_byte(2));
        break;
      }
      case Opcode::kWaitFlag: {  // scalar is the destination pipe
        sync();
        auto src = static_cast<Pipe>(inst.imm_byte(0));
        m_scalar_state = fmt::format("blocked in wait_flag {}->S id {} (pc {})",
                                     isa::pipe_name(src), inst.imm_byte(2), pc);
        m_flags.wait(src, Pipe::kS, inst.imm_byte(2));
        m_local_fs = sc_core::sc_time_stamp().value();
        break;
      }
      case Opcode::kCcSetFlag:
        sync();
        cross_set(inst.imm_byte(1), inst.imm_byte(2), scalar, pc);
        break;
      case Opcode::kCcWaitFlag:
        sync();
        m_scalar_state = fmt::format("blocked in cc_wait_flag id {} (pc {})", inst.imm_byte(2), pc);
        cross_wait(inst.imm_byte(2), scalar, pc);
        m_local_fs = sc_core::sc_time_stamp().value();
        m_scalar_state = fmt::format("running block {}", block_idx);
        break;
      case Opcode::kBarrier:
      case Opcode::kHalt: {
        sync();
        auto which = op == Opcode::kHalt ? Pipe::kAll : static_cast<Pipe>(inst.imm_byte(0));
        m_scalar_state =
            fmt::format("{} at pc {}: waiting for {} to drain",
                        op == Opcode::kHalt ? "halt" : "barrier", pc, isa::pipe_name(which));
        for (auto& e : m_engines) {
          if (e && (which == Pipe::kAll || e->pipe() == which)) e->wait_drained();
        }
        m_local_fs = sc_core::sc_time_stamp().value();
        m_scalar_state = fmt::format("running block {}", block_idx);
        if (op == Opcode::kHalt) {
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
      default: {
        std::optional<uint64_t> r = alu(op, a, b);
        if (!r) {
          fault(FaultKind::kDivideByZero, "scalar division by zero", scalar, pc);
        }
        m_regs[inst.r[0]] = *r;
        break;
      }
    }
  }
}

}  // namespace npu::model
