// mbarriers of a CTA (Hopper's arrive/expect-tx/wait barriers with phases). A phase completes when
// all its expected arrivals have come and every transaction byte it was told to expect (arrive_tx)
// has been delivered (complete_tx, from TMA). TMA completions are scheduled at a future time (the
// engine's latency runs after its bandwidth share), so they are kept until due and applied lazily.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>
#include <vector>

#include "core/sync_observer.h"

namespace npu::model {

class MbarrierTable {
 public:
  explicit MbarrierTable(uint32_t count) : m_bars(count) {}

  uint32_t size() const { return static_cast<uint32_t>(m_bars.size()); }
  void reset();
  bool initialised(uint32_t bar) const { return m_bars[bar].expected > 0; }
  void init(uint32_t bar, uint32_t count);
  // track / pc: who executes it, for the observer (sync_observer.h); track < 0: another SM of the
  // cluster (not shown by this SM's observer).
  void arrive(uint32_t bar, uint64_t tx_bytes, int track = -1, int64_t pc = -1);
  // One arrival that lands at absolute time at_fs (>= now): a remote arrive from a cluster peer.
  void arrive_at(uint32_t bar, uint64_t at_fs);
  // tx bytes delivered at absolute time at_fs (>= now).
  void complete_tx(uint32_t bar, uint64_t bytes, uint64_t at_fs, int track = -1, int64_t pc = -1);
  // Blocks the calling thread until the phase with this parity has completed (first until the
  // barrier is initialised: waiting on a barrier another role initialises is the start-up sync).
  void wait(uint32_t bar, uint32_t parity, int track = -1, int64_t pc = -1);
  // Phase-kind sync observer: arrivals and TMA bytes signal the phase in progress; a wait is
  // released by the phase that completed last (none when it passed on a fresh barrier).
  // Keys are key_base + the barrier's index (the resident CTAs of an SM have their own tables).
  void set_observer(SyncObserver* o, uint64_t key_base = 0) {
    m_observer = o;
    m_key_base = key_base;
  }
  // "bar 3: phase 1, 1 arrival and 4096 tx bytes outstanding" for busy barriers (fault reports).
  std::vector<std::string> busy() const;
  // Whether TMA completions are still scheduled (data in flight).
  bool in_flight() const;

 private:
  struct Bar {
    uint32_t expected = 0;
    int64_t pending = 0;  // arrivals still expected this phase
    int64_t tx = 0;       // transaction bytes still expected this phase (may dip below 0)
    uint32_t phase = 0;
    uint64_t generation = 0;  // phases completed over the whole run (the observer's phase)
    struct Due {
      uint64_t at_fs, bytes;
      uint32_t arrivals;
      bool operator<(const Due& o) const { return at_fs < o.at_fs; }
    };
    std::vector<Due> due;  // TMA bytes and remote arrivals not yet applied
    sc_core::sc_event ev;
  };
  void settle(Bar& b, uint64_t now);
  void maybe_complete(Bar& b);
  void schedule(Bar& b, Bar::Due d);
  std::vector<Bar> m_bars;
  SyncObserver* m_observer = nullptr;
  uint64_t m_key_base = 0;
};

}  // namespace npu::model
