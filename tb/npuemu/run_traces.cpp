// Trace options of `npuemu run` (see run_traces.h).
#include "npuemu/run_traces.h"

#include <fmt/format.h>

#include "npuemu/cli.h"

namespace po = boost::program_options;

namespace npu::tb {

void add_trace_options(po::options_description& opts, TraceArgs& a) {
  opts.add_options()("trace", po::value(&a.trace_path), "write a Perfetto/Chrome trace JSON here")(
      "trace-window", po::value(&a.trace_window), "keep only T0:T1 in the trace, e.g. 5us:20us")(
      "trace-cores", po::value(&a.trace_cores), "trace only these cores, e.g. 0,2-3")(
      "vcd-window", po::value(&a.vcd_window), "keep only T0:T1 in the VCD, e.g. 0:20us");
}

void apply_param_overrides(config::ChipConfig& cfg, const std::vector<std::string>& sets) {
  for (const std::string& s : sets) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UserError(fmt::format("--set '{}': expected KEY=VALUE, e.g. chip.freq=800MHz", s));
    }
    if (std::string err = config::set_param(cfg, s.substr(0, eq), s.substr(eq + 1)); !err.empty()) {
      throw UserError(fmt::format("--set: {} (npuemu --list-params CONFIG lists them)", err));
    }
  }
}

RunTraces::RunTraces(model::Chip& chip, const as::Image& image, const TraceArgs& a) {
  const uint64_t period = chip.clock().period_fs();
  if (!a.trace_path.empty()) {
    model::TraceFilter f;
    if (!a.trace_window.empty()) {
      if (auto e = model::parse_time_window(a.trace_window, period, f.window); !e.empty()) {
        throw UserError("--trace-window: " + e);
      }
    }
    if (!a.trace_cores.empty()) {
      if (auto e = model::parse_core_list(a.trace_cores, f.cores); !e.empty()) {
        throw UserError("--trace-cores: " + e);
      }
    }
    std::string err;
    m_perfetto = model::open_perfetto(chip, image, a.trace_path, f, err);
    if (!m_perfetto) throw UserError(err);
  } else if (!a.trace_window.empty() || !a.trace_cores.empty()) {
    throw UserError("--trace-window/--trace-cores need --trace FILE");
  }
  if (!a.vcd_path.empty()) {
    model::TimeWindow w;
    if (!a.vcd_window.empty()) {
      if (auto e = model::parse_time_window(a.vcd_window, period, w); !e.empty()) {
        throw UserError("--vcd-window: " + e);
      }
    }
    std::string err;
    m_vcd = model::open_vcd(chip, a.vcd_path, a.vcd_signals, w, err);
    if (!err.empty()) throw UserError(err);
  } else if (!a.vcd_window.empty()) {
    throw UserError("--vcd-window needs --vcd FILE");
  }
}

RunTraces::~RunTraces() = default;

void RunTraces::close() {
  if (m_perfetto) {
    if (std::string e = m_perfetto->close(); !e.empty()) throw UserError(e);
  }
  if (m_vcd) {
    if (std::string e = m_vcd->close(); !e.empty()) throw UserError(e);
  }
}

}  // namespace npu::tb
