// npuemu bench: the headline testbench. Each point runs as its own `npuemu run` process (SystemC
// elaborates once per process) and is read back from its JSON report. This first version covers
// the DaVinci seed chip: peaks from the config beside the seed table, and the naive vs optimised
// FP16 GEMM (the seed's 20% -> 80% story). The tensor-core reference and power join with
// issues 4 and 5.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/chip_config.h"
#include "npuemu/child_run.h"
#include "npuemu/cli.h"

namespace npu::tb {
namespace {

nlohmann::json run_point(const std::vector<std::string>& args, const std::string& report) {
  return run_child(args, report);
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  bool quick = false;
  std::string out_dir = "out/bench", root = ".";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") quick = true;
    else if (a == "--out" && i + 1 < argc) out_dir = argv[++i];
    else if (a == "--root" && i + 1 < argc) root = argv[++i];
    else if (a == "--help") {
      std::cout << "usage: npuemu bench [--quick] [--out DIR] [--root PROJECT_DIR]\n";
      return kExitOk;
    } else throw UserError(fmt::format("bench: unknown argument '{}'", a));
  }
  std::filesystem::create_directories(out_dir);
  const std::string seed_cfg = root + "/configs/ascend910b-seed.yaml";
  config::LoadResult cfg = config::load_chip_config(seed_cfg);
  if (!cfg.ok()) throw UserError(cfg.errors.front().message);
  const config::ChipConfig& c = cfg.config;
  const double peak16 = c.peak_tops_f16(c.freq_mhz);
  std::cout << "npuemu headline testbench" << (quick ? " (quick)" : "") << "\n\n";
  std::cout << "Seed table vs the model's peaks (cores x MACs/cycle x 2 x clock):\n";
  std::cout << fmt::format("  {:<22} {:>12} {:>12} {:>8}\n", "chip", "FP16 TFLOPS", "seed claim",
                           "delta");
  std::cout << fmt::format("  {:<22} {:>12.1f} {:>12} {:>+7.1f}%\n", c.name, peak16, "256",
                           100 * (peak16 / 256 - 1));
  const double peak8 = 2.0 * c.core.cube_macs_per_cycle_s8 * c.cores * c.freq_mhz * 1e-6;
  std::cout << fmt::format("  {:<22} {:>12.1f} {:>12} {:>+7.1f}%   (INT8 TOPS)\n", c.name, peak8,
                           "512", 100 * (peak8 / 512 - 1));
  const int size = quick ? 2048 : 4096;
  const std::string shape = fmt::format("M={0},N={0},K={0}", size);
  std::cout << fmt::format("\nFP16 GEMM {0}x{0}x{0} on {1} ({2} cores, {3} MHz, timing-only):\n",
                           size, c.name, c.cores, c.freq_mhz);
  std::cout << fmt::format("  {:<18} {:>12} {:>10} {:>11} {:>9}\n", "kernel", "cycles", "TFLOPS",
                           "efficiency", "wall s");
  nlohmann::json all = nlohmann::json::array();
  std::ofstream csv(out_dir + "/bench.csv");
  csv << "chip,kernel,M,N,K,cycles,achieved_tops,peak_tops,efficiency,wall_s\n";
  for (const char* k : {"gemm_fp16_naive", "gemm_fp16"}) {
    nlohmann::json r = run_point({"--arch", seed_cfg, "--kernel",
                                  root + "/firmware/kernels/davinci/" + k + ".s", "--shape", shape,
                                  "--timing-only"},
                                 fmt::format("{}/{}_{}.json", out_dir, k, size));
    std::cout << fmt::format("  {:<18} {:>12} {:>10.1f} {:>10.1f}% {:>9.2f}\n", k,
                             r["cycles"].get<uint64_t>(), r["achieved_tops"].get<double>(),
                             100 * r["efficiency"].get<double>(), r["sim"]["wall_s"].get<double>());
    csv << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", c.name, k, size, size, size,
                       r["cycles"].get<uint64_t>(), r["achieved_tops"].get<double>(),
                       r["peak_tops"].get<double>(), r["efficiency"].get<double>(),
                       r["sim"]["wall_s"].get<double>());
    all.push_back(r);
  }
  std::ofstream(out_dir + "/report.json") << all.dump(2) << "\n";
  std::cout << fmt::format("\nwrote {}/report.json and {}/bench.csv\n", out_dir, out_dir);
  return kExitOk;
}

}  // namespace npu::tb
