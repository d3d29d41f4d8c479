// bench_speed: how fast the simulator runs (issue 9), in one run on one machine, as one table.
//
// Each simulation point is a child `npuemu run` process, so its wall time and peak RSS
// (wait4's rusage) are its own. The rates come from the child's JSON report: sim.wall_s is the
// SystemC run itself (elaboration, input generation and the golden check excluded), so the
// timing-only rate is simulated instructions and cycles per second of that. The functional
// points (FP16 and INT8 GEMMs) run with --check (bit-exact against the golden) and --threads N,
// and are compared with OpenBLAS SGEMM on the same M, N, K in this process on the same N threads,
// both by wall time and by CPU time (sim.cpu_s against SGEMM's process CPU time: on a loaded
// machine the steadier of the two). Not part of ctest: figures, not pass/fail.
#include <cblas.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
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

struct Point {
  std::string label;   // table row
  std::string arch;    // config YAML, relative to the root
  std::string kernel;  // firmware, relative to the root
  size_t size = 0;     // M = N = K
  bool functional = false;
  bool int8 = false;  // --dtype int8 --out-dtype int32 (gemm_int8.s)
};

struct ChildResult {
  double process_wall_s = 0;
  double process_cpu_s = 0;  // user + system: less sensitive than wall time to a loaded machine
  long peak_rss_kb = 0;
  nlohmann::json report;
};

// Runs `npuemu run ...` for one point; throws with the command line when it fails.
ChildResult run_point(const std::string& npuemu, const fs::path& root, const Point& p,
                      const fs::path& work, int threads) {
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
  if (p.functional) args.insert(args.end(), {"--threads", std::to_string(threads)});
  if (p.int8) args.insert(args.end(), {"--dtype", "int8", "--out-dtype", "int32"});
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

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct SgemmTime {
  double wall_s = 0, cpu_s = 0;  // best of three each
};

// Single-precision GEMMs C = A * B (row-major, M = N = K = n) on OpenBLAS's threads, after one
// warm-up: the best wall time and the best process CPU time of three.
SgemmTime sgemm_seconds(size_t n) {
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
  SgemmTime best{1e30, 1e30};
  for (int i = 0; i < 3; ++i) {
    const double c0 = process_cpu_seconds();
    const auto t0 = Clock::now();
    once();
    best.wall_s = std::min(best.wall_s, std::chrono::duration<double>(Clock::now() - t0).count());
    best.cpu_s = std::min(best.cpu_s, process_cpu_seconds() - c0);
  }
  return best;
}

std::string mega(double x) { return fmt::format("{:.2f}", x / 1e6); }

int run(int argc, char* argv[]) {
  fs::path root = fs::current_path();
  std::string npuemu = (fs::read_symlink("/proc/self/exe").parent_path() / "npuemu").string();
  bool quick = false, full = false;
  int threads = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--root" && i + 1 < argc) {
      root = argv[++i];
    } else if (a == "--npuemu" && i + 1 < argc) {
      npuemu = argv[++i];
    } else if (a == "--threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
      if (threads < 1 || threads > 256) {
        std::cerr << "bench_speed: --threads takes 1..256\n";
        return 1;
      }
    } else if (a == "--quick") {
      quick = true;
    } else if (a == "--full") {
      full = true;
    } else {
      std::cerr
          << "usage: bench_speed [--root DIR] [--npuemu PATH] [--threads N] [--quick | --full]\n"
             "  --threads: npuemu --threads and OpenBLAS threads of the functional points (1)\n"
             "  --quick: skip the 8192^3 timing-only and 2048^3 functional points\n"
             "  --full:  add the 4096^3 functional points of the issue's target (~1 min more)\n";
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
  const std::string gemm8 = "firmware/kernels/davinci/gemm_int8.s";
  std::vector<size_t> fsizes = {1024};
  if (!quick) fsizes.push_back(2048);
  if (full) fsizes.push_back(4096);
  for (size_t n : fsizes) {
    points.push_back({"seed func FP16 --check", seed, gemm, n, true, false});
    points.push_back({"seed func INT8 --check", seed, gemm8, n, true, true});
  }

  openblas_set_num_threads(threads);
  const fs::path work = fs::temp_directory_path() / fmt::format("bench_speed.{}", getpid());
  fs::create_directories(work);

  fmt::print(
      "npuemu simulator speed (npuemu: {}; functional points and OpenBLAS SGEMM on {} "
      "thread(s))\n",
      npuemu, threads);
  fmt::print(
      "{:<24} {:>6} {:>10} {:>9} {:>7} {:>7} {:>9} {:>10} {:>10} {:>7} {:>8} {:>8} {:>7} {:>7}\n",
      "point", "M=N=K", "sim wall s", "sim cpu s", "proc s", "cpu s", "Minstr/s", "Mcycles/s",
      "sim cycles", "RSS MB", "SGEMM s", "SGEMM c", "x wall", "x cpu");
  for (const Point& p : points) {
    const ChildResult r = run_point(npuemu, root, p, work, threads);
    const nlohmann::json& sim = r.report.at("sim");
    const double wall = sim.at("wall_s").get<double>();
    const double cpu = sim.at("cpu_s").get<double>();
    const double instr = sim.at("instructions").get<double>();
    const double cycles = r.report.at("cycles").get<double>();
    std::string sg = "-", sgc = "-", ratio = "-", ratio_cpu = "-";
    if (p.functional) {
      if (r.report.at("check").at("status") != "pass") {
        throw std::runtime_error(fmt::format("{} {}: check did not pass", p.label, p.size));
      }
      const SgemmTime s = sgemm_seconds(p.size);
      sg = fmt::format("{:.3f}", s.wall_s);
      sgc = fmt::format("{:.3f}", s.cpu_s);
      ratio = fmt::format("{:.2f}", wall / s.wall_s);
      ratio_cpu = fmt::format("{:.2f}", cpu / s.cpu_s);
    }
    fmt::print(
        "{:<24} {:>6} {:>10.3f} {:>9.3f} {:>7.2f} {:>7.2f} {:>9} {:>10} {:>10} {:>7.1f} {:>8} "
        "{:>8} "
        "{:>7} {:>7}\n",
        p.label, p.size, wall, cpu, r.process_wall_s, r.process_cpu_s, mega(instr / wall),
        mega(cycles / wall), static_cast<unsigned long long>(cycles), r.peak_rss_kb / 1024.0, sg,
        sgc, ratio, ratio_cpu);
    std::fflush(stdout);
  }
  if (!have_h100) fmt::print("(no H100 point: {} or {} not in this tree)\n", h100, h100_gemm);
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  fmt::print(
      "sim wall s / sim cpu s: the SystemC run (report sim.wall_s / sim.cpu_s, the latter over all "
      "threads); proc s: the whole npuemu process (inputs, golden check included), cpu s its user "
      "+ system time; RSS: peak resident set of that process; SGEMM s / SGEMM c: best wall / "
      "process CPU seconds of OpenBLAS SGEMM; x wall = sim wall / SGEMM wall, x cpu = sim cpu / "
      "SGEMM cpu. bench_speed itself (SGEMM buffers): {:.1f} MB peak RSS\n",
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
