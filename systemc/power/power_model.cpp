// The power model (see power_model.h).
#include "power/power_model.h"

#include <algorithm>
#include <cmath>

namespace npu::power {

Activity Activity::minus(const Activity& earlier) const {
  Activity d = *this;
  d.seconds -= earlier.seconds;
  d.active_core_seconds -= earlier.active_core_seconds;
  for (auto& [name, v] : d.counts) {
    auto it = earlier.counts.find(name);
    if (it != earlier.counts.end()) v -= it->second;
  }
  return d;
}

std::vector<ActionEnergy> action_energies(const config::ChipConfig& cfg) {
  const config::PowerConfig& p = cfg.power;
  std::vector<ActionEnergy> out = {
      {"macs_f16", p.e_mac_f16_pj},
      {"macs_s8", p.e_mac_s8_pj},
      {"l2_bytes", p.e_l2_pj},
      {"hbm_bytes", p.e_hbm_pj},
      {"scalar_instructions", p.e_scalar_pj},
      {"engine_instructions", p.e_engine_pj},
  };
  const config::DaVinciCoreConfig& c = cfg.core;
  for (const ActionEnergy& e :
       {ActionEnergy{"bytes.L1", c.e_l1_pj}, ActionEnergy{"bytes.L0A", c.e_l0a_pj},
        ActionEnergy{"bytes.L0B", c.e_l0b_pj}, ActionEnergy{"bytes.L0C", c.e_l0c_pj},
        ActionEnergy{"bytes.UB", c.e_ub_pj}, ActionEnergy{"vec_bytes", c.e_vec_pj}}) {
    out.push_back(e);
  }
  for (const ActionEnergy& e : {ActionEnergy{"smem_read_bytes", cfg.sm.e_smem_pj},
                                ActionEnergy{"smem_write_bytes", cfg.sm.e_smem_pj},
                                ActionEnergy{"rf_acc_bytes", cfg.sm.e_rf_pj},
                                // the LSU's bytes at the same per-byte costs
                                ActionEnergy{"lsu_smem_bytes", cfg.sm.e_smem_pj},
                                ActionEnergy{"lsu_rf_bytes", cfg.sm.e_rf_pj}}) {
    out.push_back(e);
  }
  return out;
}

double volt_at(const config::ChipConfig& cfg, double mhz) {
  const config::PowerConfig& p = cfg.power;
  const double span = cfg.freq_mhz - p.min_freq_mhz;
  const double t = span > 0 ? std::clamp((mhz - p.min_freq_mhz) / span, 0.0, 1.0) : 1.0;
  return p.min_volt + t * (p.max_volt - p.min_volt);
}

Breakdown estimate(const config::ChipConfig& cfg, double mhz, const Activity& a) {
  const config::PowerConfig& p = cfg.power;
  const double v = p.max_volt > 0 ? volt_at(cfg, mhz) / p.max_volt : 1.0;
  const double f = mhz / cfg.freq_mhz;
  Breakdown b;
  b.constant_w = p.constant_w;
  b.leakage_w = p.leakage_w * v;
  const double active_cores = a.seconds > 0 ? a.active_core_seconds / a.seconds : 0;
  b.clock_w = (p.core_idle_w * a.cores + p.core_active_w * active_cores) * f * v * v;
  if (a.seconds <= 0) return b;
  for (const ActionEnergy& e : action_energies(cfg)) {
    auto it = a.counts.find(e.counter);
    if (it == a.counts.end() || e.pj == 0) continue;
    const double w = e.pj * 1e-12 * v * v * it->second / a.seconds;
    b.per_action_w[e.counter] = w;
    b.actions_w += w;
  }
  return b;
}

std::vector<double> clock_steps(const config::ChipConfig& cfg) {
  std::vector<double> steps;
  const double step = std::max(cfg.power.step_mhz, 1e-3);
  for (double f = cfg.freq_mhz; f >= cfg.power.min_freq_mhz - 1e-9; f -= step) steps.push_back(f);
  return steps;
}

double predict_capped_clock(const config::ChipConfig& cfg, double measured_mhz, const Activity& a) {
  const std::vector<double> steps = clock_steps(cfg);
  for (double f : steps) {
    Activity s = a;  // same work per cycle: the interval shrinks or stretches with the clock
    s.seconds = a.seconds * measured_mhz / f;
    s.active_core_seconds = a.active_core_seconds * measured_mhz / f;
    if (estimate(cfg, f, s).total() <= cfg.envelope_w) return f;
  }
  return steps.empty() ? cfg.freq_mhz : steps.back();
}

}  // namespace npu::power
