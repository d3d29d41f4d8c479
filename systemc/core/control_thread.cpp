// Control-thread plumbing shared by the core families (see control_thread.h).
#include "core/control_thread.h"

#include <fmt/format.h>

#include "asm/disassembler.h"

namespace npu::model {

const isa::Inst* ControlThread::fetch(const KernelLaunch& k, uint64_t cost_fs, uint64_t& executed,
                                      uint64_t budget, std::pair<FaultKind, std::string>& fault) {
  pc = st.pc;
  if (pc >= k.code.size()) {
    fault = {FaultKind::kIllegalInst, fmt::format("pc {} is past the end of the code", pc)};
    return nullptr;
  }
  ++st.pc;
  local_fs += cost_fs;
  if (++executed > budget) {
    fault = {FaultKind::kInstBudget,
             fmt::format("scalar instruction budget of {} exceeded (runaway loop?)", budget)};
    return nullptr;
  }
  if (++m_since_sync >= 4096) {
    m_since_sync = 0;
    sync();
  }
  return &k.code[pc];
}

Fault make_core_fault(const CoreEnv& env, FaultKind kind, const std::string& message, int core,
                      const std::string& thread, int64_t pc, std::vector<std::string> states) {
  Fault f;
  f.kind = kind;
  f.message = message;
  f.core = core;
  f.thread = thread;
  f.pc = pc;
  f.cycle = env.clock.now_cycles();
  const KernelLaunch& k = env.launch;
  if (pc >= 0 && static_cast<size_t>(pc) < k.code.size()) {
    f.instruction = as::disassemble_inst(k.code[pc], k.image);
    if (const as::LineEntry* le = k.image->line_for_pc(pc)) {
      f.source = fmt::format("{}:{}: {}", k.image->source_name, le->line, le->text);
    }
  }
  f.states = std::move(states);
  return f;
}

}  // namespace npu::model
