#include "tensorcore/smem_port.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace npu::model {

namespace {
// A flow with less than this left has moved its bytes (what the rounding of times leaves over).
constexpr double kDoneBytes = 1e-6;
}  // namespace

SmemPort::SmemPort(sc_core::sc_module_name name, const Clock& clock, double bytes_per_cycle)
    : sc_core::sc_module(name), m_clock(clock), m_bytes_per_cycle(bytes_per_cycle) {
  if (!(bytes_per_cycle > 0)) throw std::invalid_argument("SMEM port bandwidth must be positive");
  SC_METHOD(on_completion);
  sensitive << m_next;
  dont_initialize();
}

SmemPort::Ticket SmemPort::start(double bytes, double cap_bytes_per_cycle) {
  Ticket t;
  if (m_free.empty()) {
    t = static_cast<Ticket>(m_slots.size());
    m_slots.emplace_back();
  } else {
    t = m_free.back();
    m_free.pop_back();
  }
  m_slots[t].finished = false;
  ++s_flows;
  s_bytes += bytes;
  if (bytes <= kDoneBytes) {
    m_slots[t].finished = true;
    return t;
  }
  advance();
  m_flows.push_back(Flow{bytes, std::max(cap_bytes_per_cycle, 1e-12), 0, t});
  recompute();
  schedule();
  return t;
}

void SmemPort::finish(Ticket t) {
  Slot& s = m_slots[t];
  while (!s.finished) sc_core::wait(s.done);
  m_free.push_back(t);
}

uint64_t SmemPort::access(double bytes, uint64_t cycles) {
  const uint64_t period = m_clock.period_fs(), t0 = sc_core::sc_time_stamp().value();
  if (cycles == 0) return 0;
  finish(start(bytes, bytes / static_cast<double>(cycles)));
  const uint64_t took = Clock::ceil_cycles(
      static_cast<double>(sc_core::sc_time_stamp().value() - t0) / static_cast<double>(period));
  const uint64_t busy = std::max(cycles, took), until = t0 + busy * period;
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (until > now) sc_core::wait(sc_core::sc_time::from_value(until - now));
  return busy;
}

void SmemPort::advance() {
  const uint64_t now = sc_core::sc_time_stamp().value();
  const double dt = static_cast<double>(now - m_last_fs);
  m_last_fs = now;
  if (dt <= 0) return;
  for (Flow& f : m_flows) f.remaining -= f.rate * dt;
}

void SmemPort::recompute() {
  // Water-filling: the flows by cap (ties in start order), each taking its cap while that is no
  // more than an equal share of what is left.
  const double period = static_cast<double>(m_clock.period_fs());
  double demand = 0;
  for (const Flow& f : m_flows) demand += f.cap;
  if (demand <= m_bytes_per_cycle) {  // the usual case: every flow at its cap
    for (Flow& f : m_flows) f.rate = f.cap / period;
    return;
  }
  m_order.resize(m_flows.size());
  for (size_t i = 0; i < m_order.size(); ++i) m_order[i] = i;
  std::stable_sort(m_order.begin(), m_order.end(),
                   [&](size_t a, size_t b) { return m_flows[a].cap < m_flows[b].cap; });
  double left = m_bytes_per_cycle;
  for (size_t k = 0; k < m_order.size(); ++k) {
    Flow& f = m_flows[m_order[k]];
    const double share = left / static_cast<double>(m_order.size() - k);
    const double r = std::min(f.cap, share);
    f.stretched = f.stretched || r < f.cap * (1 - 1e-12);
    f.rate = r / period;
    left -= r;
  }
}

void SmemPort::schedule() {
  double soonest = -1;
  for (const Flow& f : m_flows) {
    const double dt = f.remaining / f.rate;
    if (soonest < 0 || dt < soonest) soonest = dt;
  }
  if (soonest < 0) {
    m_next.cancel();
    m_next_fs = kNever;
    return;
  }
  // whole femtoseconds, rounded up unless the time is whole already (a flow alone at its cap
  // ends on the cycle its client would have)
  const auto fs = static_cast<uint64_t>(std::max(0.0, std::ceil(soonest - 1e-3)));
  const uint64_t at = sc_core::sc_time_stamp().value() + fs;
  if (at == m_next_fs) return;  // already pending (rescheduling costs the kernel a queue entry)
  if (at > m_next_fs) m_next.cancel();  // an earlier notification would win over a later one
  m_next.notify(sc_core::sc_time::from_value(fs));
  m_next_fs = at;
}

void SmemPort::on_completion() {
  m_next_fs = kNever;
  advance();
  size_t kept = 0;
  for (Flow& f : m_flows) {
    // done: its bytes are moved, or less than a femtosecond's worth is left
    if (f.remaining <= kDoneBytes || f.remaining <= f.rate) {
      m_slots[f.ticket].finished = true;
      m_slots[f.ticket].done.notify();  // immediate: no notification outlives the flow
      if (f.stretched) ++s_stretched;
    } else {
      m_flows[kept++] = f;
    }
  }
  m_flows.resize(kept);
  recompute();
  schedule();
}

}  // namespace npu::model
