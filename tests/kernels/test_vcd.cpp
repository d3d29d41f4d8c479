// The VCD waveform: it converts with GTKWave's vcd2fst, and its busy signals show the pipes
// overlapping in the optimised kernel and one at a time in the naive one.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "run_npuemu.h"
#include "vcd_read.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

// Fraction of simulated time during which at least two of core0's MTE2/MTE1/M/FIX are busy.
double overlap_fraction(const std::string& vcd_text) {
  std::istringstream in(vcd_text);
  std::map<std::string, std::string> id_to_name;  // busy signals: id -> pipe
  for (const npu::test::VcdVar& v : npu::test::read_vcd_vars(in)) {
    const size_t dot = v.name.find('.');
    if (v.name.ends_with(".busy") && dot != std::string::npos) {
      id_to_name[v.id] = v.name.substr(dot + 1, v.name.size() - 5 - dot - 1);
    }
  }
  std::string line;
  std::set<std::string> busy;
  uint64_t t = 0, overlapped = 0, total = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      uint64_t nt = std::stoull(line.substr(1));
      if (busy.size() >= 2) overlapped += nt - t;
      total += nt - t;
      t = nt;
    } else if ((line[0] == '0' || line[0] == '1') && id_to_name.count(line.substr(1))) {
      const std::string& pipe = id_to_name[line.substr(1)];
      if (pipe == "V" || pipe == "MTE3") continue;
      if (line[0] == '1') busy.insert(pipe); else busy.erase(pipe);
    }
  }
  return total ? static_cast<double>(overlapped) / total : 0;
}

double run_and_measure(const std::string& k) {
  auto vcd = npu::test::scratch_dir() / (k + ".vcd");
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel(k) +
                  " --shape M=512,N=512,K=1024 --cores 1 --vcd " + vcd.string() +
                  " --vcd-signals 'core0.*'");
  REQUIRE(r.exit_code == 0);
  REQUIRE(std::filesystem::exists(vcd));
  if (std::system("command -v vcd2fst >/dev/null 2>&1") == 0) {
    auto fst = vcd.string() + ".fst";
    CHECK(std::system(("vcd2fst " + vcd.string() + " " + fst + " >/dev/null 2>&1").c_str()) == 0);
    CHECK(std::filesystem::file_size(fst) > 0);
  } else {
    WARN("vcd2fst not installed (scripts/setup installs gtkwave): conversion not checked");
  }
  return overlap_fraction(npu::test::slurp(vcd));
}

}  // namespace

TEST_CASE("the VCD shows pipes overlapping in the optimised GEMM and serialised in the naive one",
          "[kernels][vcd]") {
  const double opt = run_and_measure("gemm_fp16");
  const double naive = run_and_measure("gemm_fp16_naive");
  CHECK(opt > 0.3);
  CHECK(naive < 0.02);
}
