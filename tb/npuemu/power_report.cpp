// Power fields of the report (see power_report.h).
#include "npuemu/power_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::tb {

power::Activity run_activity(const model::RunResult& r) {
  power::Activity total;
  total.seconds = r.seconds;
  total.active_core_seconds = r.active_core_seconds;
  total.cores = r.cores_total;
  for (const auto& [name, v] : r.activity) total.counts[name] = static_cast<double>(v);
  return total;
}

std::optional<PowerSummary> summarize_power(const config::ChipConfig& cfg,
                                            const model::RunResult& r) {
  if (!cfg.power.present || r.power.empty() || r.seconds <= 0) return std::nullopt;
  PowerSummary s;
  s.envelope_w = cfg.envelope_w;
  const double window_s = cfg.power.window_us * 1e-6;
  double clock_s = 0, covered = 0;
  for (const model::PowerSample& w : r.power) {
    const double dt = std::min(w.t1_s, r.seconds) - w.t0_s;
    if (dt <= 0) continue;
    s.energy_j += w.watts * dt;
    clock_s += w.mhz * dt;
    covered += dt;
    // a sliver of a window at the end is too short to call a peak
    if (w.t1_s - w.t0_s >= 0.5 * window_s) s.peak_w = std::max(s.peak_w, w.watts);
  }
  s.avg_w = covered > 0 ? s.energy_j / covered : 0;
  s.avg_mhz = covered > 0 ? clock_s / covered : r.freq_mhz;
  s.peak_w = std::max(s.peak_w, s.avg_w);
  s.within_envelope = s.avg_w <= s.envelope_w;  // the envelope is a sustained (thermal) limit
  s.breakdown = power::estimate(cfg, s.avg_mhz, run_activity(r));
  return s;
}

nlohmann::json power_json(const std::optional<PowerSummary>& p,
                          const std::optional<CappedResult>& capped) {
  if (!p) return nullptr;
  nlohmann::json actions = nlohmann::json::object();
  for (const auto& [name, w] : p->breakdown.per_action_w) actions[name] = w;
  nlohmann::json j = {
      {"avg_w", p->avg_w},
      {"peak_w", p->peak_w},
      {"energy_j", p->energy_j},
      {"envelope_w", p->envelope_w},
      {"within_envelope", p->within_envelope},
      {"avg_freq_mhz", p->avg_mhz},
      {"breakdown_w",
       {{"constant", p->breakdown.constant_w},
        {"leakage", p->breakdown.leakage_w},
        {"clock", p->breakdown.clock_w},
        {"actions", actions}}},
      {"capped", nullptr},
  };
  if (capped) {
    j["capped"] = {{"mode", capped->mode},
                   {"freq_mhz", capped->freq_mhz},
                   {"achieved_tops", capped->achieved_tops},
                   {"avg_w", capped->avg_w},
                   {"peak_w", capped->peak_w},
                   {"seconds", capped->seconds},
                   {"within_envelope", capped->within_envelope}};
  }
  return j;
}

void print_power(std::ostream& os, const std::optional<PowerSummary>& p,
                 const std::optional<CappedResult>& capped) {
  if (!p) {
    os << "  power: not modelled (the chip config has no power section)\n";
    return;
  }
  const power::Breakdown& b = p->breakdown;
  os << fmt::format(
      "  power: avg {:.1f} W, peak {:.1f} W, energy {:.4g} J at {:.0f} MHz; envelope {:.0f} W: "
      "{}\n",
      p->avg_w, p->peak_w, p->energy_j, p->avg_mhz, p->envelope_w,
      p->within_envelope ? "within" : "EXCEEDED");
  std::string actions;
  for (const auto& [name, w] : b.per_action_w) {
    if (w >= 0.05) actions += fmt::format(" {} {:.1f}", name, w);
  }
  os << fmt::format(
      "    constant {:.1f} W, leakage {:.1f} W, clock {:.1f} W, actions {:.1f} W:{}\n",
      b.constant_w, b.leakage_w, b.clock_w, b.actions_w, actions);
  if (capped) {
    os << fmt::format(
        "  power cap ({}): {:.0f} MHz, {:.1f} TOPS, avg {:.1f} W, peak {:.1f} W, {:.3f} us: {}\n",
        capped->mode, capped->freq_mhz, capped->achieved_tops, capped->avg_w, capped->peak_w,
        capped->seconds * 1e6,
        capped->within_envelope ? "within the envelope" : "over the envelope");
  }
}

}  // namespace npu::tb
