// Fault recording (see fault.h).
#include "common/fault.h"

#include <systemc>

namespace npu::model {

const char* fault_kind_name(FaultKind k) {
  switch (k) {
    case FaultKind::kBufferRange: return "buffer-out-of-range";
    case FaultKind::kBufferAlign: return "buffer-misaligned";
    case FaultKind::kGmRange: return "gm-out-of-range";
    case FaultKind::kShape: return "bad-shape";
    case FaultKind::kIllegalInst: return "illegal-instruction";
    case FaultKind::kScalarMemory: return "scalar-memory";
    case FaultKind::kDivideByZero: return "divide-by-zero";
    case FaultKind::kDeadlock: return "deadlock";
    case FaultKind::kCycleBudget: return "cycle-budget";
    case FaultKind::kInstBudget: return "instruction-budget";
    case FaultKind::kUnconsumedFlag: return "unconsumed-flag";
  }
  return "fault";
}

void FaultSink::raise(Fault f) {
  if (!m_fault) {
    m_fault = std::move(f);
  }
  sc_core::sc_stop();
}

void park_forever() {
  sc_core::sc_event never;
  for (;;) {
    sc_core::wait(never);
  }
}

}  // namespace npu::model
