// Report formatting (see report.h).
#include "npuemu/report.h"

#include "npuemu/stats_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"

namespace npu::tb {
double achieved_tops(const RunSummary& s) {
  return s.result.seconds > 0 ? s.ops / s.result.seconds * 1e-12 : 0;
}

namespace {

// The cube's peak for the workload's input dtype (INT8 runs at macs_s8, everything else at
// the FP16 rate).
double peak_tops(const RunSummary& s) {
  const bool s8 = s.dtype == "int8";
  const double macs = s.cfg.family == isa::Family::kTensorCore
                          ? (s8 ? s.cfg.sm.tensor_macs_s8 : s.cfg.sm.tensor_macs_f16)
                          : (s8 ? s.cfg.core.cube_macs_per_cycle_s8 : s.cfg.core.cube_macs_per_cycle_f16);
  return 2.0 * macs * s.result.cores_total * s.result.freq_mhz * 1e-6;
}

// Bandwidth view for memory-bound kernels: the problem's bytes over the run time.
double achieved_gbps(const RunSummary& s) {
  return s.result.seconds > 0 ? s.min_bytes / s.result.seconds * 1e-9 : 0;
}
double hbm_gbps(const RunSummary& s) { return s.cfg.memory.hbm_bytes_per_second * 1e-9; }

// The V pipes' busy share over all vector units of the cores used (one per coupled core, one per
// AIV of a split core): the vector utilisation of vector workloads.
double vec_busy(const RunSummary& s) {
  const model::RunResult& r = s.result;
  auto it = r.engines.find("V");
  const bool split = s.cfg.core.organisation == config::CoreOrganisation::kSplit;
  const double units =
      static_cast<double>(std::max<uint32_t>(1, r.cores_used)) * (split ? s.cfg.core.aivs : 1);
  const double denom = static_cast<double>(r.cycles) * units;
  return it != r.engines.end() && denom > 0 ? it->second.busy_cycles / denom : 0;
}

std::string shape_text(const RunSummary& s) {
  if (s.shape.empty()) return fmt::format("{}x{}x{}", s.m, s.n, s.k);
  std::string t;
  for (const auto& [k, v] : s.shape) t += (t.empty() ? "" : ",") + k + "=" + v;
  return t;
}

}  // namespace

void print_human(std::ostream& os, const RunSummary& s) {
  const model::RunResult& r = s.result;
  os << fmt::format("{} on {} ({} cores used of {}, {} MHz): {} {} {}\n", s.kernel, s.cfg.name,
                    r.cores_used, r.cores_total, r.freq_mhz, s.workload, shape_text(s), s.dtype);
  if (!r.completed) {
    os << fmt::format("  stopped by a fault at cycle {}\n", r.cycles);
    return;
  }
  const double peak = peak_tops(s), ach = achieved_tops(s);
  os << fmt::format("  cycles {}  time {:.3f} us  achieved {:.1f} TOPS of peak {:.1f} ({:.1f}%)\n",
                    r.cycles, r.seconds * 1e6, ach, peak, peak > 0 ? 100 * ach / peak : 0);
  os << fmt::format(
      "  bandwidth {:.1f} GB/s (problem bytes {:.1f} MB / time) of HBM {:.1f} ({:.1f}%)\n",
      achieved_gbps(s), s.min_bytes / 1e6, hbm_gbps(s), 100 * achieved_gbps(s) / hbm_gbps(s));
  if (!s.shape.empty()) {
    os << fmt::format("  vector busy {:.1f}%, UB bank-conflict accesses {}\n", 100 * vec_busy(s),
                      r.ub_bank_conflicts);
  }
  if (s.occupancy) {
    const config::Occupancy& o = *s.occupancy;
    const std::string regs = o.regs_per_thread == 0
                                 ? std::string()
                                 : fmt::format(" ({} regs/thread, {} per warp as allocated)",
                                               o.regs_per_thread, o.regs_per_warp);
    os << fmt::format(
        "  occupancy {} CTA{}/SM (limited by {}): SMEM {} B, RF {} B{}, {} warps per CTA\n",
        o.ctas_per_sm, o.ctas_per_sm == 1 ? "" : "s", o.limit, o.smem_window, o.rf_window, regs,
        o.warps);
  }
  print_stall_table(os, r);
  print_power(os, summarize_power(s.cfg, r), s.capped);
  os << fmt::format("  check: {}{}\n", s.check.status,
                    s.check.detail.empty() ? "" : " (" + s.check.detail + ")");
  os << fmt::format("  simulated {} scalar + {} engine instructions in {:.3f} s wall\n",
                    r.scalar_instructions, r.engine_instructions, s.wall_s);
}

void print_fault(std::ostream& os, const model::Fault& f) {
  os << fmt::format("npuemu: firmware fault: {}: {}\n", model::fault_kind_name(f.kind), f.message);
  if (f.core >= 0) {
    os << fmt::format("  at core {} {} pc {}: {}\n", f.core, f.thread, f.pc, f.instruction);
  }
  if (!f.source.empty()) os << "  source: " << f.source << "\n";
  os << fmt::format("  cycle {}\n", f.cycle);
  for (const std::string& st : f.states) os << "  " << st << "\n";
}

std::string write_report(const std::string& path, const RunSummary& s) {
  using nlohmann::json;
  const model::RunResult& r = s.result;
  const double peak = peak_tops(s), ach = r.completed ? achieved_tops(s) : 0;
  json j = {
      {"arch", s.cfg.name},
      {"arch_file", s.cfg.source_path},
      {"kernel", s.kernel},
      {"workload", {{"name", s.workload}, {"dtype", s.dtype}, {"out_dtype", s.out_dtype},
                    {"M", s.m}, {"N", s.n}, {"K", s.k}}},
      {"check", {{"status", s.check.status}, {"mismatches", s.check.mismatches},
                 {"max_abs_err", s.check.max_abs_err}}},
      {"completed", r.completed},
      {"cycles", r.cycles},
      {"seconds", r.seconds},
      {"freq_mhz", r.freq_mhz},
      {"cores", r.cores_total},
      {"cores_used", r.cores_used},
      {"ops", s.ops},
      {"achieved_tops", ach},
      {"peak_tops", peak},
      {"efficiency", peak > 0 ? ach / peak : 0},
      {"min_bytes", s.min_bytes},
      {"achieved_gbps", r.completed ? achieved_gbps(s) : 0},
      {"hbm_gbps", hbm_gbps(s)},
      {"bandwidth_efficiency", r.completed ? achieved_gbps(s) / hbm_gbps(s) : 0},
      {"engines", engines_json(r)},
      {"bytes", bytes_json(r)},
      {"l2_hit_rate", l2_hit_rate(r)},
      {"power", power_json(summarize_power(s.cfg, r), s.capped)},
      {"activity", r.activity},
      {"active_core_seconds", r.active_core_seconds},
      {"sim", {{"wall_s", s.wall_s}, {"cpu_s", s.cpu_s}, {"threads", s.threads}, {"instructions", r.scalar_instructions + r.engine_instructions},
               {"scalar_instructions", r.scalar_instructions},
               {"engine_instructions", r.engine_instructions},
               {"events", r.delta_cycles}}},
  };
  if (!s.shape.empty()) {
    for (const char* k : {"M", "N", "K"}) j["workload"].erase(k);
    for (const auto& [k, v] : s.shape) {
      const bool number = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
      j["workload"][k] = number ? json(std::stoull(v)) : json(v);
    }
  }
  if (!s.shape.empty()) j["vec_busy"] = r.completed ? vec_busy(s) : 0.0;
  j["ub_bank_conflicts"] = r.ub_bank_conflicts;
  j["same_line"] = {{"waits", r.same_line_waits}, {"cycles", r.same_line_cycles}};
  for (const auto& [k, v] : s.launch) j["launch"][k] = v;
  if (s.occupancy) {
    const config::Occupancy& o = *s.occupancy;
    json limits = json::object();
    for (const config::OccupancyLimit& l : o.limits) {
      limits[l.resource] = {{"per_cta", l.per_cta},
                            {"per_sm", l.per_sm},
                            {"ctas", l.ctas == config::kUnlimited ? json(nullptr) : json(l.ctas)}};
    }
    j["launch"]["occupancy"] = {{"ctas_per_sm", o.ctas_per_sm}, {"limit", o.limit},
                                {"smem_window", o.smem_window}, {"rf_window", o.rf_window},
                                {"warps_per_cta", o.warps},     {"limits", limits}};
    // registers per thread as declared (.regs), per warp and per CTA as allocated; null: none
    j["launch"]["occupancy"]["regs"] = o.regs_per_thread == 0
                                           ? json(nullptr)
                                           : json{{"per_thread", o.regs_per_thread},
                                                  {"per_warp", o.regs_per_warp},
                                                  {"per_cta", o.regs_per_cta},
                                                  {"alloc_unit", s.cfg.sm.rf_alloc_unit}};
  }
  if (r.fault) {
    j["fault"] = {{"kind", model::fault_kind_name(r.fault->kind)}, {"message", r.fault->message},
                  {"core", r.fault->core}, {"thread", r.fault->thread}, {"pc", r.fault->pc},
                  {"instruction", r.fault->instruction}, {"source", r.fault->source},
                  {"cycle", r.fault->cycle}, {"states", r.fault->states}};
  }
  if (std::string err = io::write_file_atomic(path, j.dump(2) + "\n"); !err.empty()) {
    return "report: " + err;
  }
  return {};
}

}  // namespace npu::tb
