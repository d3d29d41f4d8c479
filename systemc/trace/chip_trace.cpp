// Perfetto wiring for DaVinci and tensor-core chips (see chip_trace.h).
#include "trace/chip_trace.h"

#include <fmt/format.h>

#include <cmath>

#include "chip/chip.h"
#include "davinci/ai_core.h"
#include "tensorcore/sm_core.h"

namespace npu::model {

std::unique_ptr<PerfettoTrace> open_perfetto(Chip& chip, const as::Image& image,
                                             const std::string& path, const TraceFilter& filter,
                                             std::string& error) {
  auto trace = std::make_unique<PerfettoTrace>(path, filter, &image, chip.clock());
  if (!trace->ok()) {
    error = trace->error();
    return nullptr;
  }
  int process = 0;
  for (AiCore* core : chip.cores()) {
    std::vector<Engine*> engines;
    for (isa::Pipe p : pipes_of(core->who().kind)) engines.push_back(&core->engine(p));
    if (SyncObserver* o = trace->add_core(core->id(), process++, core->who().label(), engines,
                                          PerfettoTrace::huawei_lanes(engines))) {
      core->flags().set_observer(o);
    }
  }
  for (SmCore* sm : chip.sms()) {  // per SM: a track per warp role, then TMA, TENSOR, SIMT
    std::vector<Engine*> engines;
    std::vector<TraceTrack> tracks;
    const std::vector<std::string> roles = sm->role_names();
    for (size_t r = 0; r < roles.size(); ++r) {
      tracks.push_back({SmCore::role_track(static_cast<int>(r)), roles[r]});
    }
    for (isa::Pipe p : kSmEnginePipes) {
      engines.push_back(&sm->engine(p));
      tracks.push_back(
          {static_cast<int>(p), std::string(isa::pipe_name(isa::Family::kTensorCore, p))});
    }
    if (SyncObserver* o =
            trace->add_core(sm->id(), process++, fmt::format("sm {}", sm->id()), engines, tracks)) {
      sm->set_sync_observer(o);
    }
  }
  PerfettoTrace* t = trace.get();
  t->counter("clock", "MHz", chip.clock().freq_mhz());
  chip.memory().set_rate_listener([t](double gbps) { t->counter("HBM bandwidth", "GB/s", gbps); });
  // One power sample per window, drawn over the window it averages; the clock moves at its end
  // under --power-cap dynamic (the last window is closed after the run, at the run's end).
  if (PowerMonitor* pm = chip.power_monitor()) {
    pm->set_listener([t, pm](double mhz, double watts) {
      const PowerSample& w = pm->samples().back();
      t->counter("clock", "MHz", mhz, static_cast<uint64_t>(std::llround(w.t1_s * 1e15)));
      t->counter("power", "W", watts, static_cast<uint64_t>(std::llround(w.t0_s * 1e15)));
    });
  }
  return trace;
}

}  // namespace npu::model
