// Samples the chip's activity counters every power.governor.window, turns each window into watts
// with the power model (power_model.h) and, in `dynamic` mode, is the power-cap governor: after
// each window it sets the clock to the highest step whose predicted power, at that window's work
// per cycle, fits the envelope (the way the H100's controller pulls its SM clock down under the
// cap). An observer: it reads counters and never touches the engines; the only thing it changes
// is the clock period, in dynamic mode.
#pragma once

#include <functional>
#include <systemc>
#include <vector>

#include "common/clock.h"
#include "config/chip_config.h"
#include "power/power_model.h"

namespace npu::model {

enum class PowerCap { kOff, kSteady, kDynamic };

struct PowerSample {
  double t0_s = 0, t1_s = 0;  // the window
  double mhz = 0;             // clock during the window
  double watts = 0;
};

class PowerMonitor : public sc_core::sc_module {
 public:
  using Snapshot = std::function<power::Activity()>;
  using Listener = std::function<void(double mhz, double watts)>;

  SC_HAS_PROCESS(PowerMonitor);
  PowerMonitor(sc_core::sc_module_name name, const config::ChipConfig& cfg, Clock& clock,
               Snapshot snapshot, bool governor);

  void set_listener(Listener l) { m_listener = std::move(l); }
  // Close the last, partial window at the end of the run (counters no longer change).
  void close(uint64_t end_fs);
  const std::vector<PowerSample>& samples() const { return m_samples; }
  // The average power of the last window that ended (W; 0 before the first), for sc_trace.
  const double& watts_signal() const { return m_watts; }

 private:
  void run();
  void sample(uint64_t now_fs);

  // CONFIG
  const config::ChipConfig& m_cfg;
  Clock& m_clock;
  Snapshot m_snapshot;
  bool m_governor;
  Listener m_listener;
  // STATE
  power::Activity m_last;
  uint64_t m_last_fs = 0;
  double m_watts = 0;
  // STATS
  std::vector<PowerSample> m_samples;
};

}  // namespace npu::model
