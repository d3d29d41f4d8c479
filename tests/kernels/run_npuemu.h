// Runs the npuemu executable as a user would and captures exit code, stdout, stderr and the
// JSON report. Kernel tests go through the CLI so they also exercise argument parsing, the
// report contract (DESIGN section 10) and exit codes.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace npu::test {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
  nlohmann::json report;  // null when no report was written
};

inline std::string src(const std::string& rel) { return std::string(NPU_SOURCE_DIR) + "/" + rel; }

inline std::filesystem::path scratch_dir() {
  auto d = std::filesystem::temp_directory_path() / ("npuemu_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(d);
  return d;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// args: everything after "npuemu"; a --report is added when with_report.
inline CliRun npuemu(const std::string& args, bool with_report = true) {
  auto dir = scratch_dir();
  auto out = dir / "stdout.txt", err = dir / "stderr.txt", rep = dir / "report.json";
  std::filesystem::remove(rep);
  std::string cmd = std::string(NPUEMU_PATH) + " " + args;
  if (with_report) cmd += " --report " + rep.string();
  cmd += " >" + out.string() + " 2>" + err.string();
  int st = std::system(cmd.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  if (std::filesystem::exists(rep)) r.report = nlohmann::json::parse(slurp(rep));
  return r;
}

// Runs scripts/PLOT ARGS -o OUT.png when matplotlib is there; true when the PNG came out (or
// the check was skipped, with a warning).
inline bool plot_renders(const std::string& plot, const std::string& args,
                         const std::filesystem::path& png) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1") != 0) return true;
  std::filesystem::remove(png);
  const std::string cmd = src("scripts/" + plot) + " " + args + " -o " + png.string() + " >/dev/null";
  return std::system(cmd.c_str()) == 0 && std::filesystem::exists(png) &&
         std::filesystem::file_size(png) > 10000;
}

inline std::string seed_chip() { return src("configs/ascend910b-seed.yaml"); }
inline std::string kernel(const std::string& name) {
  return src("firmware/kernels/davinci/" + name + ".s");
}

}  // namespace npu::test
