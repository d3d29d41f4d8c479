// Stall and byte statistics of a run (see stats_report.h).
#include "npuemu/stats_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::tb {
namespace {

double denominator(const model::RunResult& r) {
  return static_cast<double>(r.cycles) * std::max<uint32_t>(1, r.cores_used);
}
double frac(double cycles, double denom) { return denom > 0 ? cycles / denom : 0; }

}  // namespace

nlohmann::json engines_json(const model::RunResult& r) {
  nlohmann::json engines = nlohmann::json::object();
  const double d = denominator(r);
  for (const auto& [name, e] : r.engines) {
    engines[name] = {
        {"busy", frac(e.busy_cycles, d)},
        {"flag_wait", frac(e.flag_wait_cycles, d)},
        {"instructions", e.instructions},
        {"busy_cycles", e.busy_cycles},
        {"idle_cycles", std::max(0.0, d - e.busy_cycles - e.flag_wait_cycles)},
        {"stall_cycles",
         {{"flag_wait", e.flag_wait_cycles},
          {"memory_bandwidth", e.mem_stall_cycles},
          {"queue_full", e.queue_full_cycles}}},
    };
  }
  return engines;
}

nlohmann::json bytes_json(const model::RunResult& r) {
  nlohmann::json b = {{"hbm", r.hbm_bytes},
                      {"l2", r.l2_bytes},
                      {"l2_hit", r.l2_hit_bytes},
                      {"l2_miss", r.l2_miss_bytes}};
  for (const auto& [name, bytes] : r.buffer_bytes) b[name] = bytes;
  return b;
}

double l2_hit_rate(const model::RunResult& r) {
  const uint64_t looked_up = r.l2_hit_bytes + r.l2_miss_bytes;
  return looked_up ? static_cast<double>(r.l2_hit_bytes) / static_cast<double>(looked_up) : 0;
}

void print_stall_table(std::ostream& os, const model::RunResult& r) {
  const double d = denominator(r);
  size_t w = 4;  // the pipe column fits the longest name ("AIV.MTE2", "TENSOR")
  for (const auto& [name, e] : r.engines) w = std::max(w, name.size());
  auto row = [&](auto name, auto inst, auto busy, auto mem, auto flag, auto queue) {
    os << fmt::format("  {:<{}}  {:>12}  {:>6}  {:>18}  {:>10}  {:>11}\n", name, w, inst, busy, mem,
                      flag, queue);
  };
  row("pipe", "instructions", "busy%", "(of which mem-bw%)", "flag-wait%", "queue-full%");
  auto pct = [&](double cycles) { return fmt::format("{:.1f}", 100 * frac(cycles, d)); };
  for (const auto& [name, e] : r.engines) {
    if (e.instructions == 0) continue;
    row(name, e.instructions, pct(e.busy_cycles), pct(e.mem_stall_cycles), pct(e.flag_wait_cycles),
        pct(e.queue_full_cycles));
  }
  os << fmt::format("  L2 {:.1f} MB moved ({:.1f}% hit), HBM {:.1f} MB\n", r.l2_bytes / 1e6,
                    100 * l2_hit_rate(r), r.hbm_bytes / 1e6);
  std::string levels;
  for (const auto& [name, bytes] : r.buffer_bytes) {
    levels += fmt::format("{}{} {:.1f} MB", levels.empty() ? "" : ", ", name, bytes / 1e6);
  }
  if (!levels.empty()) os << "  local buffers accessed: " << levels << "\n";
}

}  // namespace npu::tb
