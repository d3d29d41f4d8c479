// VCD time windows and real-valued chip signals: a 1-core 2048^3 GEMM with --vcd-window stays
// small and holds only the window; the whole-run VCD (with real signals: clock, HBM bandwidth and
// the power model's watts) converts with vcd2fst; timestamps are femtoseconds under a "1 fs"
// timescale; --vcd-signals globs select the real signals too.
#include <catch2/catch.hpp>
#include <set>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

struct VcdTimes {
  std::string timescale;
  uint64_t first = 0, last = 0;
  bool has_real_clock = false;
  std::vector<double> power;  // the values chip.power_w takes, in order
  std::set<std::string> names;
};

VcdTimes scan(const std::string& text) {
  VcdTimes v;
  std::istringstream in(text);
  std::string line;
  bool first = true, in_ts = false;
  std::string power_id;
  while (std::getline(in, line)) {
    if (line.find("$timescale") != std::string::npos)
      in_ts = true;
    else if (in_ts) {
      v.timescale = line.substr(line.find_first_not_of(' '));
      in_ts = false;
    }
    if (line.rfind("$var", 0) == 0) {
      std::istringstream ls(line);
      std::string var, type, width, id, name;
      ls >> var >> type >> width >> id >> name;
      v.names.insert(name);
      if (type == "real" && name == "clock_mhz") v.has_real_clock = true;
      if (type == "real" && name == "power_w") power_id = id;
    }
    if (!power_id.empty() && line.size() > power_id.size() + 2 && line[0] == 'r' &&
        line.substr(line.size() - power_id.size() - 1) == " " + power_id) {
      v.power.push_back(std::stod(line.substr(1)));
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
    "a 2048^3 GEMM's VCD window is small and holds only the window, and the whole run "
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
  // power: one value per power.governor.window (20 us on the seed): ~100 over the run, each a
  // plausible chip power (idle cores included), the first 0 until a window has ended
  REQUIRE(a.power.size() > 50);
  CHECK(a.power.front() == 0);
  for (size_t i = 1; i < a.power.size(); ++i) {
    CHECK(a.power[i] > 10);
    CHECK(a.power[i] < 400);
  }
  CHECK(!w.power.empty());  // the value in force at the window's start, and the changes in it
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
  // a glob selects the real-valued chip signals alone
  auto reals = dir / "reals.vcd";
  REQUIRE(
      npuemu(run + reals.string() + " --vcd-window 100us:120us --vcd-signals 'chip.*'").exit_code ==
      0);
  CHECK(scan(npu::test::slurp(reals)).names ==
        std::set<std::string>{"clock_mhz", "hbm_gbps", "power_w"});
  auto bad = npuemu(run + win.string() + " --vcd-window 20:10us");
  CHECK(bad.exit_code == 1);
}
