// VCD time windows and real-valued chip signals: a 1-core 2048^3 GEMM with --vcd-window stays
// small and holds only the window; the whole-run VCD (with real signals) converts with vcd2fst;
// timestamps are femtoseconds under a "1 fs" timescale.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

struct VcdTimes {
  std::string timescale;
  uint64_t first = 0, last = 0;
  bool has_real_clock = false;
};

VcdTimes scan(const std::string& text) {
  VcdTimes v;
  std::istringstream in(text);
  std::string line;
  bool first = true, in_ts = false;
  while (std::getline(in, line)) {
    if (line.find("$timescale") != std::string::npos)
      in_ts = true;
    else if (in_ts) {
      v.timescale = line.substr(line.find_first_not_of(' '));
      in_ts = false;
    }
    if (line.find("$var real") != std::string::npos &&
        line.find("clock_mhz") != std::string::npos) {
      v.has_real_clock = true;
    }
    if (!line.empty() && line[0] == '#') {
      uint64_t t = std::stoull(line.substr(1));
      if (first) v.first = t;
      first = false;
      v.last = t;
    }
  }
  return v;
}

}  // namespace

TEST_CASE(
    "a 2048^3 GEMM's VCD window is small and holds only the window; the whole run "
    "converts with vcd2fst",
    "[kernels][vcd]") {
  auto dir = npu::test::scratch_dir();
  const std::string run = "run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                          " --shape M=2048,N=2048,K=2048 --cores 1 --timing-only --vcd ";
  auto win = dir / "window.vcd", whole = dir / "whole.vcd";
  REQUIRE(npuemu(run + win.string() + " --vcd-window 100us:120us").exit_code == 0);
  REQUIRE(npuemu(run + whole.string()).exit_code == 0);
  CHECK(std::filesystem::file_size(win) < 10'000'000);
  CHECK(std::filesystem::file_size(win) < std::filesystem::file_size(whole) / 10);
  VcdTimes w = scan(npu::test::slurp(win));
  CHECK(w.timescale == "1 fs");
  CHECK(w.first == 100'000'000'000ull);
  CHECK(w.last == 120'000'000'000ull);
  CHECK(w.has_real_clock);
  VcdTimes a = scan(npu::test::slurp(whole));
  CHECK(a.last > 2'000'000'000'000ull);  // ~2.2 ms of simulated time, in fs
  if (std::system("command -v vcd2fst >/dev/null 2>&1") == 0) {
    for (auto& f : {win, whole}) {
      auto fst = f.string() + ".fst";
      CHECK(std::system(("vcd2fst " + f.string() + " " + fst + " >/dev/null 2>&1").c_str()) == 0);
      CHECK(std::filesystem::file_size(fst) > 0);
    }
  } else {
    WARN("vcd2fst not installed (scripts/setup installs gtkwave): conversion not checked");
  }
  CHECK(npu::test::plot_renders("plot_vcd", win.string(), dir / "window.png"));
  auto bad = npuemu(run + win.string() + " --vcd-window 20:10us");
  CHECK(bad.exit_code == 1);
}
