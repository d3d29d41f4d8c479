// The chip's shared memory system: L2 tags plus a fluid (fair-share) bandwidth model.
//
// Each transfer is a flow that moves its bytes through the L2 (all bytes) and HBM (the bytes that
// missed), capped by its engine's per-core port rate. Rates are max-min fair (progressive filling
// over the port caps, the L2 and the HBM) and are recomputed only when a flow starts or ends, so
// 30 cores streaming from HBM get 1/30th of it each at the cost of O(flows) work per event.
// With core ports configured (DaVinci: core.gm_port), the flows of one core also share that
// core's read port (its MTE2s) and write port (its MTE3s and FIX), on a split core the AIC's and
// the AIVs' together; and the L2 serialises requests from different cores to one line: a
// transfer's first request waits until the line is free (core.gm_port.same_line per request
// before it), after which its stream runs one line behind the other and does not collide again.
// Deliberately ignored: NoC topology, bank/channel conflicts between different lines,
// request-level latency jitter.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <systemc>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "config/chip_config.h"
#include "mem/l2_tags.h"

namespace npu::model {

class MemorySystem : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(MemorySystem);
  MemorySystem(sc_core::sc_module_name name, const config::MemoryConfig& cfg, const Clock& clock);

  // Looks a 2-D access up in the L2 tags (hits/misses), then blocks the calling SC_THREAD while
  // the bytes stream at the flow's fair share. Returns the bytes that missed L2.
  // `core`: the core whose port the flow uses (-1: none, only the engine's own cap).
  uint64_t transfer(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride,
                    double port_bytes_per_cycle, bool is_write, int core = -1);
  // A multicast read (TMA multicast in a cluster): the L2 serves the bytes once (one flow, L2 and
  // HBM bytes counted once) and the flow takes a share of the read port of every core in `cores`
  // (at most kMaxFlowPorts), each of which receives all of them.
  static constexpr size_t kMaxFlowPorts = 16;
  uint64_t transfer_multicast(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride,
                              double port_bytes_per_cycle, std::span<const int> cores);
  // Per-core GM ports and same-line serialisation (DaVinci chips; others have neither).
  void set_core_ports(const config::GmPortConfig& ports) {
    m_ports = ports;
    m_has_ports = true;
  }

  // STATS
  uint64_t s_l2_bytes = 0;   // every byte moved (through the L2)
  uint64_t s_hbm_bytes = 0;  // bytes that missed L2 (reads) or were written
  uint64_t s_transfers = 0;
  uint64_t s_same_line_waits = 0;  // requests that queued behind another core's on one L2 line
  uint64_t s_same_line_fs = 0;     // time they waited
  const L2Tags& l2() const { return m_l2; }
  // Bandwidth in use right now, bytes per second (for traces).
  double hbm_rate_now() const;
  // Bytes a 2-D access moves through the port and L2: whole memory.burst packages per row.
  uint64_t package_bytes(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride) const;
  // Traces: HBM bandwidth in use (GB/s), updated whenever the shares are recomputed, and a
  // listener called with it at each change.
  const double& hbm_gbps() const { return m_hbm_gbps; }
  void set_rate_listener(std::function<void(double gbps)> f) { m_rate_listener = std::move(f); }

 private:
  struct Flow {
    double remaining;                        // bytes
    double miss_fraction;                    // share of the bytes that also use HBM
    double cap;                              // bytes per fs (port limit)
    double rate = 0;                         // bytes per fs
    std::array<int, kMaxFlowPorts> ports{};  // per-core port constraints the flow uses
    uint8_t nports = 0;
    sc_core::sc_event* done = nullptr;  // from m_events: creating an sc_event per transfer is slow
  };

  void advance();    // charge elapsed time to every flow
  void recompute();  // max-min fair rates
  void schedule();   // next completion event
  void on_completion();
  void charge_stall(uint64_t start_fs, double unshared_fs);
  int port_index(int core, bool is_write) const;
  void wait_same_line(uint64_t addr, int core);
  uint64_t run_flow(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride,
                    double port_bytes_per_cycle, bool is_write, int same_line_core,
                    std::span<const int> ports);

  // A line's last request: which core and until when the line is busy with it.
  struct LineUse {
    int core = -1;
    uint64_t busy_until_fs = 0;
  };

  config::MemoryConfig m_cfg;
  const Clock& m_clock;
  L2Tags m_l2;
  double m_hbm_bpfs;  // HBM bytes per femtosecond
  double m_l2_bpfs;
  std::vector<Flow> m_flows;  // in start order (the order the fair share sums them in)
  // recompute()'s scratch, kept to avoid allocating per flow event: the core ports in use, the
  // flows whose rate still rises (with their port's index in the ports, -1: none), and each
  // port's index in the ports by port number (-1 between calls).
  struct Port {
    int index;
    double left, use = 0;
  };
  struct Active {
    Flow* flow;
    std::array<int, kMaxFlowPorts> slot;  // the flow's ports' indices in the ports in use
  };
  std::vector<Port> m_port_scratch;
  std::vector<Active> m_active;
  std::vector<int> m_port_slot;
  std::deque<sc_core::sc_event> m_events;  // completion events, reused
  std::vector<sc_core::sc_event*> m_free_events;
  uint64_t m_last_fs = 0;
  sc_core::sc_event m_next;
  double m_hbm_gbps = 0;
  std::function<void(double)> m_rate_listener;
  bool m_has_ports = false;
  config::GmPortConfig m_ports;
  std::unordered_map<uint64_t, LineUse> m_line_use;  // by L2 line index
  uint64_t m_line_use_pruned_fs = 0;
};

}  // namespace npu::model
