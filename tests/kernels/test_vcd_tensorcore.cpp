// The tensor-core chip's VCD: per SM its engines' busy flags and queue depths (smN.TMA,
// smN.TENSOR, smN.SIMT), beside the chip's real-valued clock, HBM bandwidth and power; selected
// by glob like DaVinci's signals, and readable by GTKWave's vcd2fst.
#include <catch2/catch.hpp>
#include <set>

#include "run_npuemu.h"
#include "vcd_read.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

// dotted names of the VCD's variables, and how many value changes the TENSOR busy bits saw
struct VcdVars {
  std::set<std::string> names;
  int tensor_changes = 0;
};

VcdVars scan(const std::string& text) {
  VcdVars v;
  std::istringstream in(text);
  std::set<std::string> tensor_ids;
  for (const npu::test::VcdVar& var : npu::test::read_vcd_vars(in)) {
    v.names.insert(var.name);
    if (var.name.ends_with(".TENSOR.busy")) tensor_ids.insert(var.id);
  }
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && (line[0] == '0' || line[0] == '1') && tensor_ids.count(line.substr(1))) {
      ++v.tensor_changes;
    }
  }
  return v;
}

}  // namespace

TEST_CASE("an H100 run's VCD traces every SM's engines and the chip's real-valued signals",
          "[kernels][vcd][tensorcore]") {
  auto dir = npu::test::scratch_dir();
  auto vcd = dir / "h100.vcd";
  const std::string run = "run --arch " + src("configs/h100-sxm5.yaml") + " --kernel " +
                          src("firmware/kernels/tensorcore/gemm_fp16.s") +
                          " --shape M=256,N=512,K=512 --cores 2 --timing-only --vcd " +
                          vcd.string();
  REQUIRE(npuemu(run).exit_code == 0);
  VcdVars all = scan(npu::test::slurp(vcd));
  for (const char* sig : {"chip.clock_mhz", "chip.hbm_gbps", "chip.power_w", "sm0.TMA.busy",
                          "sm0.TENSOR.queue", "sm1.SIMT.busy", "sm1.TENSOR.busy"}) {
    CHECK(all.names.count(sig) == 1);
  }
  CHECK(all.names.size() == 3 + 2 * 4 * 2);  // TMA, TENSOR, SIMT, LSU: busy + queue
  CHECK(all.tensor_changes >= 4);            // each SM's tensor cores start and stop (2 tiles each)
  if (std::system("command -v vcd2fst >/dev/null 2>&1") == 0) {
    CHECK(std::system(
              ("vcd2fst " + vcd.string() + " " + vcd.string() + ".fst >/dev/null 2>&1").c_str()) ==
          0);
  }
  REQUIRE(npuemu(run + " --vcd-signals 'sm1.*.busy'").exit_code == 0);
  CHECK(scan(npu::test::slurp(vcd)).names ==
        std::set<std::string>{"sm1.TMA.busy", "sm1.TENSOR.busy", "sm1.SIMT.busy", "sm1.LSU.busy"});
}
