// The steady power-cap governor (--power-cap steady): the highest clock, in the chip's clock
// steps (power.governor.step), at which the workload's steady-state power fits the envelope —
// what a long training run settles at. The power model predicts the step from the first run's
// activity; each candidate is then simulated (a child process, child_run.h) and the search steps
// up or down until the boundary is found.
#pragma once

#include <string>
#include <vector>

#include "npuemu/power_report.h"

namespace npu::tb {

// child_args: the `npuemu run` arguments of the workload without --freq-mhz / --power-cap /
// --report. run_mhz / run_power / r: the run already done.
CappedResult steady_cap(const config::ChipConfig& cfg, double run_mhz,
                        const PowerSummary& run_power, const model::RunResult& r,
                        double achieved_tops, const std::vector<std::string>& child_args);

}  // namespace npu::tb
