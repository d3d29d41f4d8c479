// Firmware faults: firmware that breaks a rule stops the simulation with a report, never a host
// crash or hang (DESIGN section 4). Model code raises a Fault through FaultSink::raise, which keeps
// the first one and stops SystemC; the raising thread then parks forever.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace npu::model {

enum class FaultKind {
  kBufferRange,     // local buffer access out of range
  kBufferAlign,     // local buffer access misaligned
  kGmRange,         // GM access outside every allocation
  kShape,           // an operand shape that is invalid or overflows its buffer
  kIllegalInst,     // unknown opcode / malformed encoding / pc out of range
  kScalarMemory,    // scalar data memory out of range or misaligned
  kDivideByZero,
  kDeadlock,        // every thread and engine blocked
  kCycleBudget,     // --max-cycles exceeded
  kInstBudget,      // scalar instruction budget exceeded
  kUnconsumedFlag,  // a flag still set when the kernel ended
};

const char* fault_kind_name(FaultKind k);

struct Fault {
  FaultKind kind;
  std::string message;      // what went wrong, one sentence
  int core = -1;
  std::string thread;       // "scalar" or the pipe name
  int64_t pc = -1;
  std::string instruction;  // disassembled
  std::string source;       // file:line: text
  uint64_t cycle = 0;
  std::vector<std::string> states;  // every thread's and engine's state at the fault
};

class FaultSink {
 public:
  // Records the fault (the first one wins) and stops the simulation.
  void raise(Fault f);
  const std::optional<Fault>& fault() const { return m_fault; }
  std::optional<Fault>& fault() { return m_fault; }

 private:
  std::optional<Fault> m_fault;
};

// Park the calling SystemC thread forever (after raising a fault).
[[noreturn]] void park_forever();

}  // namespace npu::model
