// bench_speed: how fast the simulator runs (issue 9), in one run on one machine, as one table.
//
// Each simulation point is a child `npuemu run` process, so its wall time and peak RSS
// (wait4's rusage) are its own. The rates come from the child's JSON report: sim.wall_s is the
// SystemC run itself (elaboration, input generation and the golden check excluded), so the
// timing-only rate is simulated instructions and cycles per second of that. The functional
// points run with --check (bit-exact against the golden) and are compared with OpenBLAS SGEMM on
// the same M, N, K in this process, with as many threads as the simulator uses (one: SystemC and
// the functional arithmetic run on one thread today). Not part of ctest: figures, not pass/fail.
#include <cblas.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "npuemu/child_run.h"

extern "C" void openblas_set_num_threads(int num_threads);

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kSimThreads = 1;  // npuemu runs SystemC and func arithmetic on one thread

struct Point {
  std::string label;   // table row
  std::string arch;    // config YAML, relative to the root
  std::string kernel;  // firmware, relative to the root
  size_t size = 0;     // M = N = K
  bool functional = false;
};

struct ChildResult {
  double process_wall_s = 0;
  double process_cpu_s = 0;  // user + system: less sensitive than wall time to a loaded machine
  long peak_rss_kb = 0;
  nlohmann::json report;
};

// Runs `npuemu run ...` for one point; throws with the command line when it fails.
ChildResult run_point(const std::string& npuemu, const fs::path& root, const Point& p,
                      const fs::path& work) {
  const std::string shape = fmt::format("M={0},N={0},K={0}", p.size);
  const fs::path report = work / fmt::format("{}.json", p.size);
  std::vector<std::string> args = {npuemu,
                                   "run",
                                   "--arch",
                                   (root / p.arch).string(),
                                   "--kernel",
                                   (root / p.kernel).string(),
                                   "--shape",
                                   shape,
                                   p.functional ? "--check" : "--timing-only",
                                   "--report",
                                   report.string()};
  std::string cmd;
  for (const auto& a : args) cmd += a + " ";
  const auto t0 = Clock::now();
  const pid_t pid = npu::tb::spawn_quiet(args);
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid) throw std::runtime_error("wait4 failed for " + cmd);
  ChildResult r;
  r.process_wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  r.peak_rss_kb = ru.ru_maxrss;
  r.process_cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                    static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(fmt::format("{}exited with status {}", cmd, status));
  }
  std::ifstream in(report);
  r.report = nlohmann::json::parse(in);
  return r;
}

// Best of three single-precision GEMMs C = A * B (row-major, M = N = K = n), after one warm-up.
double sgemm_seconds(size_t n) {
  std::vector<float> a(n * n), b(n * n), c(n * n);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (auto& x : a) x = dist(rng);
  for (auto& x : b) x = dist(rng);
  const int ni = static_cast<int>(n);
  auto once = [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.0f, a.data(), ni, b.data(),
                ni, 0.0f, c.data(), ni);
  };
  once();
  double best = 1e30;
  for (int i = 0; i < 3; ++i) {
    const auto t0 = Clock::now();
    once();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

std::string mega(double x) { return fmt::format("{:.2f}", x / 1e6); }

int run(int argc, char* argv[]) {
  fs::path root = fs::current_path();
  std::string npuemu = (fs::read_symlink("/proc/self/exe").parent_path() / "npuemu").string();
  bool quick = false, full = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--root" && i + 1 < argc) {
      root = argv[++i];
    } else if (a == "--npuemu" && i + 1 < argc) {
      npuemu = argv[++i];
    } else if (a == "--quick") {
      quick = true;
    } else if (a == "--full") {
      full = true;
    } else {
      std::cerr
          << "usage: bench_speed [--root DIR] [--npuemu PATH] [--quick | --full]\n"
             "  --quick: skip the 8192^3 timing-only and 2048^3 functional points\n"
             "  --full:  add the 4096^3 functional point of the issue's target (~1 min more)\n";
      return a == "--help" || a == "-h" ? 0 : 1;
    }
  }
  const std::string seed = "configs/ascend910b-seed.yaml";
  const std::string gemm = "firmware/kernels/davinci/gemm_fp16.s";
  std::vector<Point> points = {{"seed timing-only", seed, gemm, 2048, false}};
  if (!quick) points.push_back({"seed timing-only", seed, gemm, 8192, false});
  const std::string h100 = "configs/h100-sxm5.yaml";
  const std::string h100_gemm = "firmware/kernels/tensorcore/gemm_fp16.s";
  const bool have_h100 = fs::exists(root / h100) && fs::exists(root / h100_gemm);
  if (have_h100 && !quick) points.push_back({"H100 timing-only", h100, h100_gemm, 8192, false});
  points.push_back({"seed functional --check", seed, gemm, 1024, true});
  if (!quick) points.push_back({"seed functional --check", seed, gemm, 2048, true});
  if (full) points.push_back({"seed functional --check", seed, gemm, 4096, true});

  openblas_set_num_threads(kSimThreads);
  const fs::path work = fs::temp_directory_path() / fmt::format("bench_speed.{}", getpid());
  fs::create_directories(work);

  fmt::print("npuemu simulator speed (npuemu: {}; OpenBLAS SGEMM on {} thread(s))\n", npuemu,
             kSimThreads);
  fmt::print("{:<24} {:>6} {:>10} {:>7} {:>7} {:>9} {:>10} {:>10} {:>7} {:>8} {:>8}\n", "point",
             "M=N=K", "sim wall s", "proc s", "cpu s", "Minstr/s", "Mcycles/s", "sim cycles",
             "RSS MB", "SGEMM s", "x SGEMM");
  for (const Point& p : points) {
    const ChildResult r = run_point(npuemu, root, p, work);
    const nlohmann::json& sim = r.report.at("sim");
    const double wall = sim.at("wall_s").get<double>();
    const double instr = sim.at("instructions").get<double>();
    const double cycles = r.report.at("cycles").get<double>();
    std::string sg = "-", ratio = "-";
    if (p.functional) {
      if (r.report.at("check").at("status") != "pass") {
        throw std::runtime_error(fmt::format("{} {}: check did not pass", p.label, p.size));
      }
      const double s = sgemm_seconds(p.size);
      sg = fmt::format("{:.3f}", s);
      ratio = fmt::format("{:.1f}", wall / s);
    }
    fmt::print(
        "{:<24} {:>6} {:>10.3f} {:>7.2f} {:>7.2f} {:>9} {:>10} {:>10} {:>7.1f} {:>8} {:>8}\n",
        p.label, p.size, wall, r.process_wall_s, r.process_cpu_s, mega(instr / wall),
        mega(cycles / wall), static_cast<unsigned long long>(cycles), r.peak_rss_kb / 1024.0, sg,
        ratio);
    std::fflush(stdout);
  }
  if (!have_h100) fmt::print("(no H100 point: {} or {} not in this tree)\n", h100, h100_gemm);
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  fmt::print(
      "sim wall s: the SystemC run (report sim.wall_s); proc s: the whole npuemu process "
      "(inputs, golden check included), cpu s its user + system time; RSS: peak resident set of "
      "that process; x SGEMM: sim wall "
      "/ SGEMM wall. bench_speed itself (SGEMM buffers): {:.1f} MB peak RSS\n",
      self.ru_maxrss / 1024.0);
  fs::remove_all(work);
  return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "bench_speed: " << e.what() << "\n";
    return 3;
  }
}
