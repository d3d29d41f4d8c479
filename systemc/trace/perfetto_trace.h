// Perfetto / Chrome trace JSON (opens in ui.perfetto.dev and chrome://tracing), written as the
// simulation runs: per core a process, per engine (pipe) a track named as Huawei's simulator
// names them (SCALAR, CUBE, VECTOR, MTE1, MTE2, MTE3, FIXP; an SM's TMA, TENSOR, SIMT and one
// track per warp role), a slice per instruction with its mnemonic, operands (names and values),
// pc and source line, a flow arrow from each sync signal to the release it causes (set_flag ->
// wait_flag, mbarrier arrive / TMA bytes -> mbar.wait; any SyncObserver source), and chip counter
// tracks (clock, HBM bandwidth, power).
//
// It is an observer: generic over any core built on systemc/core (engines + sync objects). A time
// window and a core filter keep big runs small. The file is written to a temporary name and
// renamed into place by close(), so a reader never sees half a trace; a run that faults still
// gets its trace (instructions in flight are closed at the fault with "unfinished": true).
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "asm/image.h"
#include "common/clock.h"
#include "core/engine.h"
#include "core/sync_observer.h"
#include "trace/time_window.h"

namespace npu::model {

struct TraceFilter {
  TimeWindow window;
  std::set<int> cores;  // empty: all
};

// A track of a core's process: a pipe's (isa::Pipe) or a control thread's (sync_observer.h).
struct TraceTrack {
  int track;
  std::string name;
};

class PerfettoTrace {
 public:
  // Opens "<path>.tmp.<pid>"; on failure ok() is false and error() says why.
  PerfettoTrace(const std::string& path, TraceFilter filter, const as::Image* image,
                const Clock& clock);
  ~PerfettoTrace();
  bool ok() const { return m_file != nullptr; }
  const std::string& error() const { return m_error; }

  // Registers one core: a process named `name` ("core 3 AIV1", "sm 5") with `tracks` in that
  // order (its engines' and its control threads'). Returns the observer to hand the core's sync
  // objects (flag tables, mbarriers), or nullptr when the core filter leaves the core out.
  // process: the trace process index (one per control thread of a DaVinci core, one per SM).
  SyncObserver* add_core(int core_id, int process, const std::string& name,
                         const std::vector<Engine*>& engines,
                         const std::vector<TraceTrack>& tracks);
  // A DaVinci core's tracks: its scalar and its engines, in Huawei's lane order and names.
  static std::vector<TraceTrack> huawei_lanes(const std::vector<Engine*>& engines);
  // A chip counter sample at the current simulated time, or at at_fs (deduplicated: repeats are
  // dropped; samples of one counter come in time order).
  void counter(std::string_view name, std::string_view unit, double value, uint64_t at_fs = ~0ull);
  // Ends the JSON and renames it into place. Returns an error text or empty.
  std::string close();
  uint64_t slices() const { return m_slices; }
  uint64_t flows() const { return m_flows; }

 private:
  class CoreTap;
  friend class CoreTap;
  struct InstText {
    std::string mnemonic, operands, source;
  };
  // inst: the decoded instruction at pc when the caller has it (else decoded from the image)
  const InstText& text_at(int64_t pc, const isa::Inst* inst = nullptr);
  bool slice_in(int core, uint64_t from_fs, uint64_t to_fs) const;
  void slice(int core, int track, std::string_view name, uint64_t from_fs, uint64_t to_fs,
             const std::string& args);
  // cat: the arrow's category ("flag"; "sync": phase objects); name: its label (default: cat)
  void flow(bool start, uint64_t id, int core, int track, uint64_t at_fs,
            std::string_view cat = "flag", std::string_view name = {});
  void raw(const std::string& event);

  std::string m_path, m_tmp, m_error;
  TraceFilter m_filter;
  const as::Image* m_image;
  const Clock& m_clock;
  FILE* m_file = nullptr;
  bool m_first = true;
  std::vector<std::unique_ptr<CoreTap>> m_taps;
  std::map<int64_t, InstText> m_text;  // by pc
  struct CounterState {
    double last = 0;
    uint64_t last_fs = 0;
    bool emitted = false, pending = false;
    std::string unit;
  };
  std::map<std::string, CounterState, std::less<>> m_counters;
  std::set<uint64_t> m_open_flows;  // flow starts written whose end is still to come
  uint64_t m_next_flow = 1;
  uint64_t m_slices = 0, m_flows = 0;
};

}  // namespace npu::model
