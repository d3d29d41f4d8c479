// What the control threads of both core families share (the DaVinci scalar front end, the tensor
// core's warp roles): the scalar state, temporal decoupling (a local time that runs ahead of
// SystemC's and is brought level only where the thread meets engines, flags or barriers), the
// fetch with the instruction budget and a sync every 4096 instructions, and the fault record.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

#include "chip/kernel.h"
#include "common/fault.h"
#include "core/scalar_exec.h"

namespace npu::model {

class ControlThread {
 public:
  ScalarState st;
  uint64_t local_fs = 0;  // this thread's time: at or ahead of SystemC's while it runs
  uint32_t pc = 0;        // of the instruction last fetched

  // A block from `entry`: registers cleared, the local time SystemC's.
  void start(uint32_t entry) {
    st = ScalarState{};
    st.pc = entry;
    local_fs = sc_core::sc_time_stamp().value();
    m_since_sync = 0;
  }
  // Brings SystemC time up to the local time (or the local time up to SystemC's).
  void sync() {
    const uint64_t now = sc_core::sc_time_stamp().value();
    if (local_fs > now) {
      sc_core::wait(sc_core::sc_time::from_value(local_fs - now));
    } else {
      local_fs = now;
    }
  }
  // After a blocking wait: the local time is SystemC's.
  void resume() { local_fs = sc_core::sc_time_stamp().value(); }

  // The instruction at st.pc (which moves past it, `pc` holds it), charged cost_fs of local time
  // and counted in `executed`; every 4096 instructions the thread syncs, so SystemC (and the
  // cycle budget) sees time pass. nullptr, with the fault to raise at `pc`, when the pc is past
  // the code or `executed` exceeds the budget.
  const isa::Inst* fetch(const KernelLaunch& k, uint64_t cost_fs, uint64_t& executed,
                         uint64_t budget, std::pair<FaultKind, std::string>& fault);

 private:
  uint64_t m_since_sync = 0;
};

// A fault of a core's thread at `pc` (-1: none), with the instruction's disassembly and source
// line, the cycle and the core's thread states.
Fault make_core_fault(const CoreEnv& env, FaultKind kind, const std::string& message, int core,
                      const std::string& thread, int64_t pc, std::vector<std::string> states);

}  // namespace npu::model
