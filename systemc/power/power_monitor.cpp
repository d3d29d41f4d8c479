// Windowed power sampling and the dynamic power-cap governor (see power_monitor.h).
#include "power/power_monitor.h"

#include <cmath>

namespace npu::model {

PowerMonitor::PowerMonitor(sc_core::sc_module_name name, const config::ChipConfig& cfg,
                           Clock& clock, Snapshot snapshot, bool governor)
    : sc_core::sc_module(name),
      m_cfg(cfg),
      m_clock(clock),
      m_snapshot(std::move(snapshot)),
      m_governor(governor) {
  SC_THREAD(run);
}

void PowerMonitor::sample(uint64_t now_fs) {
  power::Activity now = m_snapshot();
  now.seconds = static_cast<double>(now_fs) * 1e-15;
  const power::Activity window = now.minus(m_last);
  if (window.seconds <= 0) return;
  const double mhz = m_clock.freq_mhz();
  const double w = power::estimate(m_cfg, mhz, window).total();
  m_samples.push_back({m_last.seconds, now.seconds, mhz, w});
  m_last = now;
  m_last_fs = now_fs;
  m_watts = w;
  if (m_listener) m_listener(mhz, w);
  if (m_governor) {
    const double next = power::predict_capped_clock(m_cfg, mhz, window);
    if (std::abs(next - mhz) > 1e-9) {
      m_clock.set_freq(next);
      if (m_listener) m_listener(next, w);
    }
  }
}

void PowerMonitor::run() {
  m_last = m_snapshot();
  m_last.seconds = 0;
  const sc_core::sc_time window = sc_core::sc_time::from_value(
      static_cast<uint64_t>(std::llround(m_cfg.power.window_us * 1e9)));
  for (;;) {
    sc_core::wait(window);
    // Nothing else scheduled: the run has finished (or deadlocked); stop so that the kernel's
    // starvation check sees it. Chip::run closes the last window at the true end time.
    if (!sc_core::sc_pending_activity()) return;
    sample(sc_core::sc_time_stamp().value());
  }
}

void PowerMonitor::close(uint64_t end_fs) {
  if (end_fs > m_last_fs) sample(end_fs);
}

}  // namespace npu::model
