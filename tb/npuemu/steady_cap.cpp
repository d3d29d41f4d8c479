// The steady power-cap governor (see steady_cap.h).
#include "npuemu/steady_cap.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "npuemu/child_run.h"

namespace npu::tb {
namespace {

struct Point {
  double mhz = 0;
  nlohmann::json report;
  bool fits(double envelope) const { return report["power"]["avg_w"].get<double>() <= envelope; }
};

Point simulate_at(double mhz, const std::vector<std::string>& child_args) {
  std::vector<std::string> args = child_args;
  args.insert(args.end(), {"--freq-mhz", fmt::format("{}", mhz), "--power-cap", "off"});
  const auto path =
      std::filesystem::temp_directory_path() / fmt::format("npuemu_cap_{}_{}.json", getpid(), mhz);
  Point p{mhz, run_child(args, path.string())};
  std::filesystem::remove(path);
  return p;
}

CappedResult from_report(const Point& p, double envelope) {
  const nlohmann::json& pw = p.report["power"];
  return {"steady",
          p.mhz,
          p.report["achieved_tops"].get<double>(),
          pw["avg_w"].get<double>(),
          pw["peak_w"].get<double>(),
          p.report["seconds"].get<double>(),
          pw["avg_w"].get<double>() <= envelope};
}

}  // namespace

CappedResult steady_cap(const config::ChipConfig& cfg, double run_mhz,
                        const PowerSummary& run_power, const model::RunResult& r,
                        double achieved_tops, const std::vector<std::string>& child_args) {
  const double env = cfg.envelope_w;
  const std::vector<double> steps = power::clock_steps(cfg);
  if (run_mhz >= steps.front() && run_power.avg_w <= env) {
    return {"steady", run_mhz, achieved_tops, run_power.avg_w, run_power.peak_w, r.seconds, true};
  }
  const double guess = power::predict_capped_clock(cfg, run_mhz, run_activity(r));
  size_t i = 0;
  while (i + 1 < steps.size() && steps[i] > guess + 1e-9) ++i;
  Point at = simulate_at(steps[i], child_args);
  if (at.fits(env)) {
    while (i > 0) {  // step up while the next clock still fits
      Point up = simulate_at(steps[i - 1], child_args);
      if (!up.fits(env)) break;
      at = std::move(up);
      --i;
    }
  } else {
    while (i + 1 < steps.size() && !at.fits(env)) at = simulate_at(steps[++i], child_args);
  }
  return from_report(at, env);
}

}  // namespace npu::tb
