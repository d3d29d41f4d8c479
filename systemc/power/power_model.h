// The activity-based power model (DESIGN section 8), pure C++ and outside the timing code: it
// turns activity counts over an interval into watts.
//
//   P = P_const + P_leak x V/Vmax + (P_core_idle x cores + P_core_active x active cores) x f/fmax
//       x (V/Vmax)^2 + sum over actions (E_action x (V/Vmax)^2 x count / seconds)
//
// Energies in the chip YAML are given at the max clock's voltage. Activity names are the keys
// of RunResult::activity ("macs_f16", "bytes.L1", "l2_bytes", ...); a chip family's table of
// action energies says which counters it charges.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/chip_config.h"

namespace npu::power {

// Activity over one interval (a whole run or a sampling window).
struct Activity {
  double seconds = 0;
  double active_core_seconds = 0;  // summed over cores: time a core was running blocks
  uint32_t cores = 0;              // powered cores
  std::map<std::string, double> counts;

  Activity minus(const Activity& earlier) const;  // the interval between two snapshots
};

struct ActionEnergy {
  std::string counter;  // activity name
  double pj = 0;        // energy per count at max_volt
};
std::vector<ActionEnergy> action_energies(const config::ChipConfig& cfg);

struct Breakdown {
  double constant_w = 0, leakage_w = 0, clock_w = 0, actions_w = 0;
  std::map<std::string, double> per_action_w;
  double total() const { return constant_w + leakage_w + clock_w + actions_w; }
};

double volt_at(const config::ChipConfig& cfg, double mhz);
Breakdown estimate(const config::ChipConfig& cfg, double mhz, const Activity& a);

// The governor's clock steps: the max clock, then down by power.governor.step to vf.min_freq.
std::vector<double> clock_steps(const config::ChipConfig& cfg);
// Highest step whose power, with this activity per cycle scaled to the step's clock, fits the
// envelope (the first guess of the steady governor; the testbench then simulates at it).
double predict_capped_clock(const config::ChipConfig& cfg, double measured_mhz, const Activity& a);

}  // namespace npu::power
