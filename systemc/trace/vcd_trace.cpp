// VCD tracing of engine activity (see vcd_trace.h).
#include "trace/vcd_trace.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <unistd.h>

#include <cstdio>

#include "chip/chip.h"
#include "davinci/ai_core.h"
#include "io/atomic_file.h"
#include "tensorcore/sm_core.h"

namespace npu::model {

VcdTrace::~VcdTrace() = default;

std::string VcdTrace::close() {
  if (!m_tf) return {};
  sc_core::sc_close_vcd_trace_file(m_tf);
  m_tf = nullptr;
  if (m_window) return m_window->finish();
  std::string err = io::commit_temp(m_partial, m_path);
  return err.empty() ? err : "VCD: " + err;
}

std::unique_ptr<VcdTrace> open_vcd(Chip& chip, const std::string& path, const std::string& glob,
                                   const TimeWindow& window, std::string& error) {
  // Written as PATH.tmp.<pid>.vcd (SystemC appends ".vcd" to the base) and renamed by close().
  const std::string partial = fmt::format("{}.tmp.{}.vcd", path, static_cast<long>(getpid()));
  std::string base = partial.substr(0, partial.size() - 4);
  if (FILE* probe = std::fopen(partial.c_str(), "w")) {
    std::fclose(probe);
    std::remove(partial.c_str());
  } else {
    error = fmt::format("cannot write VCD file '{}'", path);
    return nullptr;
  }
  auto vcd = std::make_unique<VcdTrace>();
  vcd->m_partial = partial;
  vcd->m_path = path;
  if (!window.all()) {
    vcd->m_window = std::make_unique<VcdWindowFilter>(path, window.from_fs, window.to_fs);
    if (!vcd->m_window->error().empty()) {
      error = vcd->m_window->error();
      return nullptr;
    }
    base = vcd->m_window->writer_base();
  }
  sc_core::sc_trace_file* tf = sc_core::sc_create_vcd_trace_file(base.c_str());
  tf->set_time_unit(1, sc_core::SC_FS);
  vcd->m_tf = tf;
  int selected = 0;
  auto want = [&](const std::string& name) {
    return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  };
  if (want("chip.clock_mhz")) {
    sc_core::sc_trace(tf, chip.clock().freq_mhz_signal(), "chip.clock_mhz");
    ++selected;
  }
  if (want("chip.hbm_gbps")) {
    sc_core::sc_trace(tf, chip.memory().hbm_gbps(), "chip.hbm_gbps");
    ++selected;
  }
  if (const PowerMonitor* pm = chip.power_monitor(); pm && want("chip.power_w")) {
    sc_core::sc_trace(tf, pm->watts_signal(), "chip.power_w");
    ++selected;
  }
  for (AiCore* core : chip.cores()) {
    const std::string c = core->who().vcd();
    for (isa::Pipe p : pipes_of(core->who().kind)) {
      Engine& e = core->engine(p);
      const std::string n = fmt::format("{}.{}", c, isa::pipe_name(p));
      if (want(n + ".busy")) { sc_core::sc_trace(tf, e.m_active, n + ".busy"); ++selected; }
      if (want(n + ".queue")) { sc_core::sc_trace(tf, e.m_depth, n + ".queue"); ++selected; }
    }
    for (int s = 0; s < isa::kNumPipes; ++s) {
      for (int d = 0; d < isa::kNumPipes; ++d) {
        if (s == d) continue;
        const std::string n = fmt::format("{}.flag.{}_{}", c, isa::pipe_name(static_cast<isa::Pipe>(s)),
                                          isa::pipe_name(static_cast<isa::Pipe>(d)));
        if (want(n)) { sc_core::sc_trace(tf, core->flags().pair_total(s, d), n); ++selected; }
      }
    }
  }
  for (SmCore* sm : chip.sms()) {  // smN.TMA / .TENSOR / .SIMT busy and queue depth
    for (isa::Pipe p : kSmEnginePipes) {
      Engine& e = sm->engine(p);
      const std::string n =
          fmt::format("sm{}.{}", sm->id(), isa::pipe_name(isa::Family::kTensorCore, p));
      if (want(n + ".busy")) {
        sc_core::sc_trace(tf, e.m_active, n + ".busy");
        ++selected;
      }
      if (want(n + ".queue")) {
        sc_core::sc_trace(tf, e.m_depth, n + ".queue");
        ++selected;
      }
    }
  }
  if (selected == 0) {
    error = fmt::format(
        "--vcd-signals '{}' selects no signal (names look like core0.M.busy, "
        "core0.MTE2.queue, core0.flag.MTE2_MTE1, chip.clock_mhz, chip.power_w)",
        glob);
  }
  return vcd;
}

}  // namespace npu::model
