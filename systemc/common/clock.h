// The core clock: converts cycles of the core clock to SystemC time and back. SystemC time runs
// at femtosecond resolution so that non-integer periods (e.g. 1830 MHz = 546448 fs) stay exact to
// 1e-6. Durations inside the model are whole cycles; anything that ends off a clock edge (a
// shared-bandwidth transfer) is aligned up to the next edge by the engine that waited for it.
#pragma once

#include <cmath>
#include <cstdint>

#include <systemc>

namespace npu::model {

class Clock {
 public:
  explicit Clock(double freq_mhz) { set_freq(freq_mhz); }

  void set_freq(double mhz) {
    m_mhz = mhz;
    m_period_fs = static_cast<uint64_t>(std::llround(1e9 / mhz));
    m_period = sc_core::sc_time::from_value(m_period_fs);
  }
  double freq_mhz() const { return m_mhz; }
  const double& freq_mhz_signal() const { return m_mhz; }  // for sc_trace (real-valued VCD)
  const sc_core::sc_time& period() const { return m_period; }
  uint64_t period_fs() const { return m_period_fs; }

  sc_core::sc_time cycles(uint64_t n) const { return sc_core::sc_time::from_value(n * m_period_fs); }
  uint64_t to_cycles(const sc_core::sc_time& t) const { return t.value() / m_period_fs; }
  uint64_t to_cycles_ceil(const sc_core::sc_time& t) const {
    return (t.value() + m_period_fs - 1) / m_period_fs;
  }
  uint64_t now_cycles() const { return to_cycles(sc_core::sc_time_stamp()); }
  // Whole cycles for a fractional cost (bytes / rate): always rounded up.
  static uint64_t ceil_cycles(double c) { return c <= 0 ? 0 : static_cast<uint64_t>(std::ceil(c - 1e-9)); }

  // Wait until the next clock edge at or after now.
  void align() const {
    uint64_t now = sc_core::sc_time_stamp().value();
    uint64_t rem = now % m_period_fs;
    if (rem != 0) {
      sc_core::wait(sc_core::sc_time::from_value(m_period_fs - rem));
    }
  }

 private:
  double m_mhz = 0;
  uint64_t m_period_fs = 0;
  sc_core::sc_time m_period;
};

}  // namespace npu::model
