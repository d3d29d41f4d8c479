// npuemu bench: the headline testbench (issue 5). For the 910B seed chip and the H100 reference
// (when its config and kernels are in the tree): the seed article's table beside the model's
// peaks; large FP16 and INT8 GEMMs at the max clock and under the power cap (steady governor),
// with efficiency, power, energy per op and the envelope verdict; the naive vs optimised DaVinci
// kernel beside the H100 rate; and the Ascend 920 what-if chip (press figures) on an inference
// mix (prefill GEMM + decode GEMVs) with its ratio to the H100. Every point is an `npuemu run`
// child process (child_run.h) read back from its JSON report; the bench writes report.json and
// bench.csv (scripts/plot_bench draws the PNGs from them).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "config/chip_config.h"
#include "npuemu/child_run.h"
#include "npuemu/cli.h"

namespace npu::tb {
namespace {

using nlohmann::json;

// A chip of the bench and the seed article's row for it (DESIGN section 2).
struct BenchChip {
  std::string label, config, kernels;  // kernels: firmware directory
  const char* seed_fp16;               // the article's figures, as printed there
  const char* seed_int8;
  const char* seed_power;
  const char* arch;
  config::ChipConfig cfg;
};

struct Bench {
  std::string root = ".", out = "out/bench";  // --root, --out
  bool quick = false;
  json points = json::array();
  std::ofstream csv;
  int next = 0;

  std::string path(const std::string& rel) const { return root + "/" + rel; }
  bool have(const std::string& rel) const { return std::filesystem::exists(path(rel)); }

  // One simulated point; `what` names it in report.json and bench.csv.
  json run(const BenchChip& c, const std::string& what, const std::string& kernel,
           const std::string& shape, const std::string& dtype, bool cap) {
    std::vector<std::string> args = {
        "--arch",       path(c.config), "--kernel", path(c.kernels + "/" + kernel + ".s"),
        "--shape",      shape,          "--dtype",  dtype,
        "--timing-only"};
    // a chip without a power section (e.g. before its calibration) runs without the governor
    if (cap && c.cfg.power.present) args.insert(args.end(), {"--power-cap", "steady"});
    json r = run_child(args, fmt::format("{}/point{:02d}.json", out, next++));
    r["bench"] = {{"chip", c.label}, {"what", what}};
    points.push_back(r);
    const json& p = r["power"];
    const bool has_p = p.is_object();
    const json cp = has_p ? p["capped"] : json();
    auto num = [](const json& j, const char* k) {
      return j.is_object() ? j[k].get<double>() : 0.0;
    };
    csv << fmt::format(
        "{},{},{},{},{},{},{},{},{:.6g},{:.4f},{:.4f},{:.4f},{:.2f},{:.2f},{:.6g},{:.4f},{},{:.0f},"
        "{:.3f},{:.2f}\n",
        c.label, what, kernel, dtype, r["workload"]["M"].get<uint64_t>(),
        r["workload"]["N"].get<uint64_t>(), r["workload"]["K"].get<uint64_t>(),
        r["freq_mhz"].get<double>(), r["seconds"].get<double>(), r["achieved_tops"].get<double>(),
        r["peak_tops"].get<double>(), r["efficiency"].get<double>(), num(p, "avg_w"),
        num(p, "peak_w"), num(p, "energy_j"), energy_per_op_pj(r), c.cfg.envelope_w,
        num(cp, "freq_mhz"), num(cp, "achieved_tops"), num(cp, "avg_w"));
    return r;
  }

  static double energy_per_op_pj(const json& r) {
    if (!r["power"].is_object()) return 0;
    return r["power"]["energy_j"].get<double>() / r["ops"].get<double>() * 1e12;
  }
};

std::optional<BenchChip> load(const Bench& b, BenchChip c) {
  if (!b.have(c.config) || !b.have(c.kernels + "/gemm_fp16.s")) return std::nullopt;
  config::LoadResult r = config::load_chip_config(b.path(c.config));
  if (!r.ok()) throw UserError(r.errors.front().message);
  c.cfg = r.config;
  return c;
}

double peak_tops(const config::ChipConfig& c, double macs) {
  return 2 * macs * c.cores * c.freq_mhz * 1e-6;
}
double macs_s8(const config::ChipConfig& c) {
  return c.family == isa::Family::kDaVinci ? c.core.cube_macs_per_cycle_s8
                                           : c.peak_macs_per_cycle_f16() / c.cores * 2;
}

void print_seed_table(const std::vector<BenchChip>& chips) {
  std::cout << "1. The seed article's table beside the model's peaks (cores x MACs/cycle x 2 x max "
               "clock)\n";
  std::cout << fmt::format("  {:<12} {:>14} {:>12} {:>14} {:>12} {:>10} {:>9}  {}\n", "chip",
                           "FP16 (seed)", "FP16 model", "INT8 (seed)", "INT8 model", "power",
                           "envelope", "architecture");
  for (const BenchChip& c : chips) {
    std::cout << fmt::format("  {:<12} {:>14} {:>12.1f} {:>14} {:>12.1f} {:>10} {:>8.0f}W  {}\n",
                             c.label, c.seed_fp16, c.cfg.peak_tops_f16(c.cfg.freq_mhz), c.seed_int8,
                             peak_tops(c.cfg, macs_s8(c.cfg)), c.seed_power, c.cfg.envelope_w,
                             c.arch);
  }
}

std::string verdict(const json& r, double envelope) {
  if (!r["power"].is_object()) return "no power model";
  const double w = r["power"]["avg_w"].get<double>();
  return w <= envelope ? fmt::format("within {:.0f} W", envelope)
                       : fmt::format("OVER {:.0f} W", envelope);
}

void print_gemm_row(const BenchChip& c, const std::string& what, const json& r) {
  const json& p = r["power"];
  if (!p.is_object()) {
    std::cout << fmt::format("  {:<12} {:<10} {:>9.0f} {:>9.1f} {:>6.1f}%   (no power model)\n",
                             c.label, what, r["freq_mhz"].get<double>(),
                             r["achieved_tops"].get<double>(), 100 * r["efficiency"].get<double>());
    return;
  }
  const json& cp = p["capped"];
  std::cout << fmt::format(
      "  {:<12} {:<10} {:>9.0f} {:>9.1f} {:>6.1f}% {:>8.1f} {:>8.1f} {:>7.3f}  {:<15} | {:>9.0f} "
      "{:>9.1f} {:>6.1f}% {:>8.1f}\n",
      c.label, what, r["freq_mhz"].get<double>(), r["achieved_tops"].get<double>(),
      100 * r["efficiency"].get<double>(), p["avg_w"].get<double>(), p["peak_w"].get<double>(),
      Bench::energy_per_op_pj(r), verdict(r, c.cfg.envelope_w), cp["freq_mhz"].get<double>(),
      cp["achieved_tops"].get<double>(),
      100 * cp["achieved_tops"].get<double>() / r["peak_tops"].get<double>(),
      cp["avg_w"].get<double>());
}

// Prefill (one GEMM over the prompt) + decode (one GEMV per generated token) through the same
// H x H weight matrix: tokens/s of the whole sequence.
struct MixResult {
  double seconds = 0, ops = 0;
};
MixResult inference_mix(Bench& b, const BenchChip& c, uint64_t prompt, uint64_t hidden,
                        uint64_t tokens) {
  json pre = b.run(c, "prefill", "gemm_fp16", fmt::format("M={0},N={1},K={1}", prompt, hidden),
                   "fp16", false);
  MixResult m;
  m.seconds = pre["seconds"].get<double>();
  m.ops = pre["ops"].get<double>();
  if (b.have(c.kernels + "/gemv_fp16.s")) {
    json dec =
        b.run(c, "decode", "gemv_fp16", fmt::format("M=1,N={0},K={0}", hidden), "fp16", false);
    m.seconds += tokens * dec["seconds"].get<double>();
    m.ops += tokens * dec["ops"].get<double>();
  }
  return m;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  Bench b;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick")
      b.quick = true;
    else if (a == "--out" && i + 1 < argc)
      b.out = argv[++i];
    else if (a == "--root" && i + 1 < argc)
      b.root = argv[++i];
    else if (a == "--help") {
      std::cout << "usage: npuemu bench [--quick] [--out DIR] [--root PROJECT_DIR]\n";
      return kExitOk;
    } else
      throw UserError(fmt::format("bench: unknown argument '{}'", a));
  }
  std::filesystem::create_directories(b.out);
  b.csv.open(b.out + "/bench.csv");
  b.csv << "chip,what,kernel,dtype,M,N,K,freq_mhz,seconds,achieved_tops,peak_tops,efficiency,"
           "avg_w,peak_w,energy_j,pj_per_op,envelope_w,capped_mhz,capped_tops,capped_w\n";

  std::vector<BenchChip> chips;
  for (auto c : {BenchChip{"910B seed",
                           "configs/ascend910b-seed.yaml",
                           "firmware/kernels/davinci",
                           "256 TFLOPS",
                           "512 TOPS",
                           "350 W max",
                           "DaVinci (Huawei)",
                           {}},
                 BenchChip{"H100 SXM5",
                           "configs/h100-sxm5.yaml",
                           "firmware/kernels/tensorcore",
                           "~1000 TFLOPS",
                           "~2000 TOPS",
                           "700 W",
                           "Hopper (NVIDIA)",
                           {}}}) {
    if (auto l = load(b, c)) chips.push_back(*l);
  }
  std::cout << "npuemu headline testbench" << (b.quick ? " (quick: smaller shapes)" : "") << "\n\n";
  print_seed_table(chips);
  if (chips.size() < 2) {
    std::cout << "  (the H100 reference is not in this tree: configs/h100-sxm5.yaml and "
                 "firmware/kernels/tensorcore/ come with issue 4)\n";
  }

  const uint64_t g = b.quick ? 2048 : 8192;
  std::cout << fmt::format(
      "\n2. Large GEMMs {0}x{0}x{0} (optimised firmware): at the max clock | under the power cap "
      "(steady governor)\n",
      g);
  std::cout << fmt::format(
      "  {:<12} {:<10} {:>9} {:>9} {:>7} {:>8} {:>8} {:>7}  {:<15} | {:>9} {:>9} {:>7} {:>8}\n",
      "chip", "dtype", "MHz", "TOPS", "eff", "avg W", "peak W", "pJ/op", "verdict", "cap MHz",
      "TOPS", "eff", "avg W");
  std::vector<double> fp16_rate(chips.size(), 0);
  for (size_t i = 0; i < chips.size(); ++i) {
    const BenchChip& c = chips[i];
    const std::string shape = fmt::format("M={0},N={0},K={0}", g);
    json f = b.run(c, "gemm fp16", "gemm_fp16", shape, "fp16", true);
    fp16_rate[i] = f["achieved_tops"].get<double>();
    print_gemm_row(c, "FP16", f);
    if (b.have(c.kernels + "/gemm_int8.s")) {
      print_gemm_row(c, "INT8", b.run(c, "gemm int8", "gemm_int8", shape, "int8", true));
    }
  }

  const uint64_t n = b.quick ? 2048 : 4096;
  std::cout << fmt::format(
      "\n3. Naive vs optimised DaVinci FP16 GEMM {0}x{0}x{0} on the 910B seed (the seed's 20% -> "
      "80%)\n",
      n);
  for (const char* k : {"gemm_fp16_naive", "gemm_fp16"}) {
    json r = b.run(chips[0], k, k, fmt::format("M={0},N={0},K={0}", n), "fp16", false);
    std::cout << fmt::format(
        "  {:<16} {:>8.1f} TFLOPS  {:>5.1f}% of peak  {:>6.1f} W  {:.3f} pJ/op", k,
        r["achieved_tops"].get<double>(), 100 * r["efficiency"].get<double>(),
        r["power"]["avg_w"].get<double>(), Bench::energy_per_op_pj(r));
    if (chips.size() > 1) {
      std::cout << fmt::format("  = {:.0f}% of the H100's {:.1f} TFLOPS ({}^3, max clock)",
                               100 * r["achieved_tops"].get<double>() / fp16_rate[1], fp16_rate[1],
                               g);
    }
    std::cout << "\n";
  }

  const uint64_t prompt = b.quick ? 512 : 2048, hidden = b.quick ? 4096 : 8192,
                 tokens = b.quick ? 32 : 128;
  std::cout << fmt::format(
      "\n4. Inference mix: prefill GEMM {0}x{1}x{1} + {2} decode GEMVs 1x{1}x{1} (FP16, max "
      "clock)\n",
      prompt, hidden, tokens);
  std::vector<BenchChip> mix_chips = chips;
  if (auto w = load(b, BenchChip{"920 what-if",
                                 "configs/ascend920-whatif.yaml",
                                 "firmware/kernels/davinci",
                                 "",
                                 "",
                                 "",
                                 "",
                                 {}})) {
    mix_chips.push_back(*w);
    std::cout
        << "  Ascend 920 what-if: built from PRESS figures (>900 TFLOPS BF16, HBM3 ~4000 GB/s, "
           "SMIC 6 nm; TechPowerUp, Apr 2025), not from a datasheet\n";
  }
  std::vector<double> mix_time;
  for (const BenchChip& c : mix_chips) {
    MixResult m = inference_mix(b, c, prompt, hidden, tokens);
    mix_time.push_back(m.seconds);
    std::cout << fmt::format("  {:<12} {:>10.1f} us   {:>7.1f} TFLOPS effective\n", c.label,
                             m.seconds * 1e6, m.ops / m.seconds * 1e-12);
  }
  if (mix_chips.size() == 3) {
    std::cout << fmt::format("  920 : H100 = {:.0f}% (the seed says ~60%)\n",
                             100 * mix_time[1] / mix_time[2]);
  } else if (mix_chips.size() == 2 && chips.size() == 1) {
    std::cout << fmt::format(
        "  920 : 910B seed = {:.2f}x (the 920 : H100 ratio needs the H100 model)\n",
        mix_time[0] / mix_time[1]);
  }
  std::ofstream(b.out + "/report.json") << b.points.dump(2) << "\n";
  std::cout << fmt::format("\nwrote {0}/report.json and {0}/bench.csv\n", b.out);
  return kExitOk;
}

}  // namespace npu::tb
