// An SM's shared-memory port: `sm.smem.bandwidth` bytes per cycle that every SMEM access of the SM
// shares (TMA fills and drains, wgmma operand reads, LSU ld/st.shared).
//
// Each access is a flow of bytes with its own cap, the rate at which its client would move them
// with the port to itself (a wgmma: its operand bytes over its MAC cycles; a TMA: its L2 port).
// Rates are max-min fair over the caps and the port (water-filling; the same rule as the memory
// system's L2/HBM shares), recomputed only when a flow starts or ends, so flows whose caps sum to
// no more than the port each run at their cap, and the port stretches them all only when they
// ask for more. Caps and the port are per cycle: the shares follow the current clock at each
// recompute. Deliberately ignored: bank conflicts, the order of requests within a cycle.
#pragma once

#include <cstdint>
#include <deque>
#include <systemc>
#include <vector>

#include "common/clock.h"

namespace npu::model {

class SmemPort : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(SmemPort);
  SmemPort(sc_core::sc_module_name name, const Clock& clock, double bytes_per_cycle);

  // Starts moving `bytes` at no more than `cap` bytes per cycle; finish() waits for them.
  using Ticket = uint32_t;
  Ticket start(double bytes, double cap_bytes_per_cycle);
  // Blocks the calling SC_THREAD until the flow has moved its bytes (at once if it has).
  void finish(Ticket t);
  // An access that takes `cycles` with the port to itself (its bytes paced over them): blocks
  // until it is done, in whole cycles from its start, and returns them (`cycles` or more).
  uint64_t access(double bytes, uint64_t cycles);

  double bytes_per_cycle() const { return m_bytes_per_cycle; }
  // STATS
  uint64_t s_flows = 0;
  double s_bytes = 0;
  uint64_t s_stretched = 0;  // flows that ran below their cap at some point

 private:
  struct Flow {
    double remaining;  // bytes
    double cap;        // bytes per cycle
    double rate = 0;   // bytes per fs
    Ticket ticket;
    bool stretched = false;
  };
  struct Slot {
    sc_core::sc_event done;
    bool finished = false;
  };

  void advance();    // charge the time since the last event to every flow
  void recompute();  // max-min fair rates
  void schedule();   // the next completion
  void on_completion();

  const Clock& m_clock;
  double m_bytes_per_cycle;
  std::vector<Flow> m_flows;
  std::vector<size_t> m_order;  // recompute()'s scratch
  std::deque<Slot> m_slots;     // by ticket; reused (an sc_event per access would be slow)
  std::vector<Ticket> m_free;
  uint64_t m_last_fs = 0;
  sc_core::sc_event m_next;
  static constexpr uint64_t kNever = ~0ull;
  uint64_t m_next_fs = kNever;  // when m_next is pending (kNever: it is not)
};

}  // namespace npu::model
