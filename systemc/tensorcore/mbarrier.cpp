// mbarrier phases (see mbarrier.h).
#include "tensorcore/mbarrier.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::model {

void MbarrierTable::reset() {
  for (Bar& b : m_bars) {
    b.expected = 0;
    b.pending = 0;
    b.tx = 0;
    b.phase = 0;
    b.due.clear();
  }
}

void MbarrierTable::init(uint32_t bar, uint32_t count) {
  Bar& b = m_bars[bar];
  b.expected = count;
  b.pending = count;
  b.tx = 0;
  b.phase = 0;
  b.due.clear();
  b.ev.notify(sc_core::SC_ZERO_TIME);  // threads waiting for the initialisation
}

void MbarrierTable::maybe_complete(Bar& b) {
  if (b.pending <= 0 && b.tx == 0) {
    ++b.phase;
    ++b.generation;
    b.pending = b.expected;
    b.ev.notify(sc_core::SC_ZERO_TIME);
  }
}

void MbarrierTable::settle(Bar& b, uint64_t now) {
  while (!b.due.empty()) {
    auto it = std::min_element(b.due.begin(), b.due.end());
    if (it->at_fs > now) return;
    b.tx -= static_cast<int64_t>(it->bytes);
    b.pending -= it->arrivals;
    b.due.erase(it);
    maybe_complete(b);
  }
}

namespace {
std::string label(uint32_t bar) { return fmt::format("mbarrier {}", bar); }
}  // namespace

void MbarrierTable::arrive(uint32_t bar, uint64_t tx_bytes, int track, int64_t pc) {
  Bar& b = m_bars[bar];
  settle(b, sc_core::sc_time_stamp().value());
  if (m_observer && track >= 0) {
    m_observer->on_phase_signal(track, m_key_base + bar, b.generation, label(bar), pc);
  }
  b.tx += static_cast<int64_t>(tx_bytes);
  --b.pending;
  maybe_complete(b);
}

void MbarrierTable::complete_tx(uint32_t bar, uint64_t bytes, uint64_t at_fs, int track,
                                int64_t pc) {
  Bar& b = m_bars[bar];
  // the bytes count towards the phase in progress when they land (this one, as kernels
  // expect them with arrive_tx before issuing the load)
  if (m_observer && track >= 0) {
    m_observer->on_phase_signal(track, m_key_base + bar, b.generation, label(bar), pc);
  }
  schedule(b, {at_fs, bytes, 0});
}

void MbarrierTable::arrive_at(uint32_t bar, uint64_t at_fs) {
  schedule(m_bars[bar], {at_fs, 0, 1});
}

void MbarrierTable::schedule(Bar& b, Bar::Due d) {
  const uint64_t now = sc_core::sc_time_stamp().value();
  d.at_fs = std::max(d.at_fs, now);
  b.due.push_back(d);
  b.ev.notify(sc_core::sc_time::from_value(d.at_fs - now));
}

void MbarrierTable::wait(uint32_t bar, uint32_t parity, int track, int64_t pc) {
  Bar& b = m_bars[bar];
  const uint64_t from = sc_core::sc_time_stamp().value();
  while (b.expected == 0) sc_core::wait(b.ev);  // not initialised yet: the CTA's start-up sync
  for (;;) {
    const uint64_t now = sc_core::sc_time_stamp().value();
    settle(b, now);
    if ((b.phase & 1u) != (parity & 1u)) {
      if (m_observer) {  // phase 0 of a fresh barrier: passed without any phase completing
        const uint64_t released = b.phase > 0 ? b.generation - 1 : ~0ull;
        m_observer->on_phase_release(track, m_key_base + bar, released, label(bar), pc, from);
      }
      return;
    }
    uint64_t next = ~0ull;
    for (const Bar::Due& d : b.due) next = std::min(next, d.at_fs);
    if (next != ~0ull) {
      sc_core::wait(sc_core::sc_time::from_value(next - now), b.ev);
    } else {
      sc_core::wait(b.ev);
    }
  }
}

std::vector<std::string> MbarrierTable::busy() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < m_bars.size(); ++i) {
    const Bar& b = m_bars[i];
    if (b.expected == 0 || (b.pending == static_cast<int64_t>(b.expected) && b.tx == 0)) continue;
    out.push_back(fmt::format("mbarrier {}: phase {}, {} arrival(s) and {} tx byte(s) outstanding",
                              i, b.phase, b.pending, b.tx));
  }
  return out;
}

bool MbarrierTable::in_flight() const {
  return std::any_of(m_bars.begin(), m_bars.end(), [](const Bar& b) { return !b.due.empty(); });
}

}  // namespace npu::model
