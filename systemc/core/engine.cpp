// The generic in-order pipe (see engine.h).
#include "core/engine.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::model {

Engine::Engine(sc_core::sc_module_name name, isa::Pipe pipe, uint32_t depth, const Clock& clock,
               FlagTable& flags, double flag_cycles, Executor exec)
    : sc_core::sc_module(name),
      m_pipe(pipe),
      m_clock(clock),
      m_flags(flags),
      m_flag_cycles(Clock::ceil_cycles(flag_cycles)),
      m_exec(std::move(exec)),
      m_ring(depth) {
  SC_THREAD(run);
  set_stack_size(1 << 20);  // functional executors convert tiles on the stack
}

void Engine::push(const Dispatched& d) {
  m_ring[(m_head + m_size) % m_ring.size()] = d;
  ++m_size;
  m_depth = static_cast<int>(m_size);
  if (m_wait_pushed) {  // only an idle pipe waits for it: no event per instruction otherwise
    m_wait_pushed = false;
    m_pushed.notify(sc_core::SC_ZERO_TIME);
  }
}

void Engine::wait_not_full() {
  const uint64_t from = sc_core::sc_time_stamp().value();
  while (full()) {
    m_wait_popped = true;
    sc_core::wait(m_popped);
  }
  s_queue_full_fs += sc_core::sc_time_stamp().value() - from;
}

void Engine::wait_drained() {
  while (!drained()) {
    m_wait_drained = true;
    sc_core::wait(m_drained);
  }
}

void Engine::wait_cycles(uint64_t n) const {
  if (n > 0) sc_core::wait(m_clock.cycles(n));
}

std::string Engine::state() const {
  if (m_busy && m_waiting_flag) {
    return fmt::format("{}: blocked in wait_flag {}->{} id {} (pc {}), {} queued",
                       isa::pipe_name(m_pipe),
                       isa::pipe_name(static_cast<isa::Pipe>(m_current.inst->imm_byte(0))),
                       isa::pipe_name(static_cast<isa::Pipe>(m_current.inst->imm_byte(1))),
                       m_current.inst->imm_byte(2), m_current.pc, m_size);
  }
  if (m_busy && !m_blocked_on.empty()) {
    return fmt::format("{}: blocked in {} (pc {}), {} queued", isa::pipe_name(m_pipe), m_blocked_on,
                       m_current.pc, m_size);
  }
  if (m_busy) {
    return fmt::format("{}: executing '{}' (pc {}), {} queued", basename(),
                       m_current.inst->info->mnemonic, m_current.pc, m_size);
  }
  return fmt::format("{}: idle, {} queued", basename(), m_size);
}

void Engine::run() {
  for (;;) {
    while (m_size == 0) {
      if (m_wait_drained) {
        m_wait_drained = false;
        m_drained.notify(sc_core::SC_ZERO_TIME);
      }
      m_wait_pushed = true;
      sc_core::wait(m_pushed);
    }
    m_current = m_ring[m_head];
    m_head = (m_head + 1) % m_ring.size();
    --m_size;
    m_depth = static_cast<int>(m_size);
    if (m_wait_popped) {
      m_wait_popped = false;
      m_popped.notify(sc_core::SC_ZERO_TIME);
    }
    uint64_t now = sc_core::sc_time_stamp().value();
    if (m_current.ready_fs > now) {
      sc_core::wait(sc_core::sc_time::from_value(m_current.ready_fs - now));
    }
    m_busy = true;
    m_active = true;
    uint64_t start = sc_core::sc_time_stamp().value();
    for (EngineObserver* o : m_observers) o->on_start(*this, m_current);
    const isa::Inst& inst = *m_current.inst;
    auto src = static_cast<isa::Pipe>(inst.imm_byte(0));
    auto dst = static_cast<isa::Pipe>(inst.imm_byte(1));
    int id = inst.imm_byte(2);
    switch (inst.opcode()) {
      case isa::Opcode::kSetFlag:
        wait_cycles(m_flag_cycles);
        m_flags.set(src, dst, id);
        break;
      case isa::Opcode::kWaitFlag: {
        uint64_t t0 = sc_core::sc_time_stamp().value();
        m_waiting_flag = true;
        m_active = false;
        m_dependency_fs = std::max(m_dependency_fs, m_flags.wait(src, dst, id));
        m_active = true;
        m_waiting_flag = false;
        s_flag_wait_fs += sc_core::sc_time_stamp().value() - t0;
        wait_cycles(m_flag_cycles);
        break;
      }
      default:
        m_exec(*this, m_current);
        break;
    }
    for (EngineObserver* o : m_observers) o->on_finish(*this, m_current);
    s_busy_fs += sc_core::sc_time_stamp().value() - start;
    ++s_instructions;
    m_busy = false;
    m_active = false;
  }
}

}  // namespace npu::model
