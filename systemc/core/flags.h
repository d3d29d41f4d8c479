// Pipe-to-pipe flags: a counting semaphore per (source pipe, destination pipe, id), as DaVinci's
// set_flag/wait_flag. set_flag runs in the source pipe's order, wait_flag blocks the destination
// pipe until the count is positive. Nothing else orders two pipes.
#pragma once

#include <array>
#include <string>
#include <systemc>

#include "core/sync_observer.h"
#include "isa/isa.h"

namespace npu::model {

class FlagTable {
 public:
  static constexpr int kPipes = isa::kNumPipes;

  void set(isa::Pipe src, isa::Pipe dst, int id) {
    ++count(src, dst, id);
    m_set_fs[idx(src)][idx(dst)][id] = sc_core::sc_time_stamp().value();
    ++m_pair_total[idx(src)][idx(dst)];
    event(src, dst, id).notify(sc_core::SC_ZERO_TIME);
    if (m_observer) m_observer->on_signal(idx(src), key(src, dst, id), label(src, dst, id));
  }
  // Blocks the calling thread until the flag is set, then consumes it. Returns when the flag was
  // last set (the dependency's release: an engine that issues ahead could have gone on then).
  uint64_t wait(isa::Pipe src, isa::Pipe dst, int id) {
    const uint64_t from = sc_core::sc_time_stamp().value();
    while (count(src, dst, id) == 0) sc_core::wait(event(src, dst, id));
    --count(src, dst, id);
    --m_pair_total[idx(src)][idx(dst)];
    if (m_observer) m_observer->on_release(idx(dst), key(src, dst, id), label(src, dst, id), from);
    return m_set_fs[idx(src)][idx(dst)][id];
  }
  bool available(isa::Pipe src, isa::Pipe dst, int id) { return count(src, dst, id) > 0; }
  int& count(isa::Pipe src, isa::Pipe dst, int id) { return m_count[idx(src)][idx(dst)][id]; }
  // Sum over ids of one pipe pair (traced in VCDs).
  int& pair_total(int src, int dst) { return m_pair_total[src][dst]; }
  // "MTE2->MTE1 id 0 = 1, ..." for every nonzero flag; empty when all are zero.
  std::string nonzero() const;
  void reset();
  void set_observer(SyncObserver* o) { m_observer = o; }

 private:
  static int idx(isa::Pipe p) { return static_cast<int>(p); }
  sc_core::sc_event& event(isa::Pipe s, isa::Pipe d, int id) { return m_event[idx(s)][idx(d)][id]; }

  static uint64_t key(isa::Pipe s, isa::Pipe d, int id) {
    return (static_cast<uint64_t>(idx(s)) * kPipes + idx(d)) * isa::kNumFlagIds + id;
  }
  static std::string label(isa::Pipe s, isa::Pipe d, int id);  // "MTE2->MTE1 #0"

  SyncObserver* m_observer = nullptr;
  std::array<std::array<std::array<int, isa::kNumFlagIds>, kPipes>, kPipes> m_count{};
  std::array<std::array<int, kPipes>, kPipes> m_pair_total{};
  std::array<std::array<std::array<uint64_t, isa::kNumFlagIds>, kPipes>, kPipes> m_set_fs{};
  std::array<std::array<std::array<sc_core::sc_event, isa::kNumFlagIds>, kPipes>, kPipes> m_event;
};

}  // namespace npu::model
