// The report's power fields (DESIGN section 10): average and peak (over power.governor.window
// windows) power, energy, the envelope verdict, the breakdown, and the capped result when a
// power-cap governor ran.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "chip/chip.h"
#include "power/power_model.h"

namespace npu::tb {

struct PowerSummary {
  double avg_w = 0, peak_w = 0, energy_j = 0, envelope_w = 0, avg_mhz = 0;
  bool within_envelope = false;
  power::Breakdown breakdown;  // whole run at its (average) clock
};

// What the power cap does to the run (the governed run's numbers).
struct CappedResult {
  std::string mode;  // steady | dynamic
  double freq_mhz = 0, achieved_tops = 0, avg_w = 0, peak_w = 0, seconds = 0;
  bool within_envelope = false;
};

// The run's totals as the power model's input.
power::Activity run_activity(const model::RunResult& r);
// nullopt when the chip has no power model.
std::optional<PowerSummary> summarize_power(const config::ChipConfig& cfg,
                                            const model::RunResult& r);
nlohmann::json power_json(const std::optional<PowerSummary>& p,
                          const std::optional<CappedResult>& capped);
void print_power(std::ostream& os, const std::optional<PowerSummary>& p,
                 const std::optional<CappedResult>& capped);

}  // namespace npu::tb
