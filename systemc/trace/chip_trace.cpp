// Perfetto wiring for the DaVinci chip (see chip_trace.h).
#include "trace/chip_trace.h"

#include "chip/chip.h"
#include "davinci/ai_core.h"

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
    if (SyncObserver* o = trace->add_core(core->id(), process++, core->who().label(), engines)) {
      core->flags().set_observer(o);
    }
  }
  PerfettoTrace* t = trace.get();
  t->counter("clock", "MHz", chip.clock().freq_mhz());
  chip.memory().set_rate_listener([t](double gbps) { t->counter("HBM bandwidth", "GB/s", gbps); });
  if (PowerMonitor* pm = chip.power_monitor()) {  // one power sample per window; the clock moves
    pm->set_listener([t](double mhz, double watts) {  // under --power-cap dynamic
      t->counter("clock", "MHz", mhz);
      t->counter("power", "W", watts);
    });
  }
  return trace;
}

}  // namespace npu::model
