// A pipe (engine): an in-order queue of dispatched instructions executed one at a time by its own
// SC_THREAD. The generic part — queueing, flags, busy accounting, observer hooks — lives here;
// what an instruction does and how long it takes is the core's Executor (e.g. davinci_exec.cpp).
// An instruction leaves the queue when it starts; the queue depth counts waiting instructions.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <systemc>
#include <vector>

#include "common/clock.h"
#include "core/flags.h"
#include "isa/isa.h"

namespace npu::model {

// An engine instruction as the scalar front end hands it over: operand register values are
// captured at dispatch, as the hardware does.
struct Dispatched {
  const isa::Inst* inst = nullptr;
  uint32_t pc = 0;
  std::array<uint64_t, 6> v{};  // values of the register operands, in field order
  uint64_t ready_fs = 0;        // the scalar's local time at dispatch
  uint32_t thread = 0;          // issuing control thread, on cores with several (tensor core)
};

class Engine;

// Observer of engine activity (traces). Model code never formats trace text itself.
class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  virtual void on_start(const Engine&, const Dispatched&) {}
  virtual void on_finish(const Engine&, const Dispatched&) {}
};

class Engine : public sc_core::sc_module {
 public:
  using Executor = std::function<void(Engine&, const Dispatched&)>;

  SC_HAS_PROCESS(Engine);
  Engine(sc_core::sc_module_name name, isa::Pipe pipe, uint32_t depth, const Clock& clock,
         FlagTable& flags, double flag_cycles, Executor exec);

  bool full() const { return m_size == m_ring.size(); }
  bool drained() const { return m_size == 0 && !m_busy; }
  void push(const Dispatched& d);
  // Block the calling thread until the queue has room / the pipe has drained.
  void wait_not_full();
  void wait_drained();

  isa::Pipe pipe() const { return m_pipe; }
  const Clock& clock() const { return m_clock; }
  const Dispatched* current() const { return m_busy ? &m_current : nullptr; }
  std::string state() const;  // for deadlock/fault reports
  void add_observer(EngineObserver* o) { m_observers.push_back(o); }

  // Helpers for executors.
  void wait_cycles(uint64_t n) const;
  // Runs `block` (which waits on something outside the pipe) as a wait: not active, counted as
  // flag wait, and `what` shown in state() meanwhile.
  template <typename F>
  void blocked(const std::string& what, F&& block) {
    uint64_t t0 = sc_core::sc_time_stamp().value();
    m_blocked_on = what;
    m_active = false;
    block();
    m_active = true;
    m_blocked_on.clear();
    m_dependency_fs = sc_core::sc_time_stamp().value();
    s_flag_wait_fs += m_dependency_fs - t0;
  }
  // When the latest flag this pipe waited for was released: an instruction after it depends on
  // that moment (engines that issue ahead, e.g. MTE2's outstanding requests, start no earlier).
  uint64_t dependency_fs() const { return m_dependency_fs; }

  // STATE (traced)
  bool m_busy = false;    // an instruction is in the pipe (also while it waits on a flag)
  bool m_active = false;  // doing work: busy and not blocked in wait_flag (the VCD's busy)
  int m_depth = 0;
  // STATS
  uint64_t s_instructions = 0;
  uint64_t s_busy_fs = 0;
  uint64_t s_flag_wait_fs = 0;
  uint64_t s_queue_full_fs = 0;  // time a control thread waited for room in this queue
  uint64_t s_mem_stall_fs = 0;   // transfer time beyond the port's own rate (shared bandwidth,
                                 // HBM latency); charged by the memory system

 private:
  void run();

  // CONFIG
  isa::Pipe m_pipe;
  const Clock& m_clock;
  FlagTable& m_flags;
  uint64_t m_flag_cycles;
  Executor m_exec;
  // STATE
  std::vector<Dispatched> m_ring;
  size_t m_head = 0, m_size = 0;
  Dispatched m_current;
  bool m_waiting_flag = false;
  std::string m_blocked_on;  // set while an executor blocks (blocked())
  uint64_t m_dependency_fs = 0;
  bool m_wait_pushed = false;
  bool m_wait_popped = false;
  bool m_wait_drained = false;
  sc_core::sc_event m_pushed, m_popped, m_drained;
  std::vector<EngineObserver*> m_observers;
};

}  // namespace npu::model
