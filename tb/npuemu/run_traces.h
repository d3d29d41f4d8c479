// The trace side of `npuemu run`: the options (--trace, --trace-window, --trace-cores,
// --vcd-window; --vcd and --vcd-signals stay with run), opening the observers on the chip before
// the simulation and closing them after it; and --set parameter overrides.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <string>
#include <vector>

#include "chip/chip.h"
#include "trace/chip_trace.h"
#include "trace/vcd_trace.h"

namespace npu::tb {

struct TraceArgs {
  std::string trace_path, trace_window, trace_cores;
  std::string vcd_path, vcd_signals = "*", vcd_window;
};

void add_trace_options(boost::program_options::options_description& opts, TraceArgs& a);

// Applies KEY=VALUE overrides (values with units, as in the YAML); throws UserError.
void apply_param_overrides(config::ChipConfig& cfg, const std::vector<std::string>& sets);

class RunTraces {
 public:
  // Throws UserError for bad windows/core lists or unwritable files.
  RunTraces(model::Chip& chip, const as::Image& image, const TraceArgs& args);
  ~RunTraces();
  void close();  // after the run; throws UserError when a file could not be written

 private:
  std::unique_ptr<model::PerfettoTrace> m_perfetto;
  std::unique_ptr<model::VcdTrace> m_vcd;
};

}  // namespace npu::tb
