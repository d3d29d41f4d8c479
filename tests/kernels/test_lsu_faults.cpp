// LSU faults end to end: a misaligned or out-of-range per-lane access stops the run with exit
// code 2 and a report naming the fault kind, the LSU as the thread, the pc and the source line.
#include <catch2/catch.hpp>
#include <fstream>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

// A gemm-ABI kernel: 8 header lines, 3 set-up instructions, `setup` on line 12, `op` on line 13.
npu::test::CliRun run_lsu(const std::string& name, const std::string& setup,
                          const std::string& op) {
  const auto path = npu::test::scratch_dir() / (name + ".s");
  std::ofstream(path) << ".target tensorcore\n.kernel " << name
                      << "\n.param A ptr\n.param B ptr\n.param C ptr\n.param M u32\n.param N u32\n"
                         ".param K u32\n    ldp x1, A\n    li x5, 8\n    li x6, 32\n"
                      << setup << "\n    " << op << "\n    halt\n";
  return npuemu("run --arch " + src("configs/h100-sxm5.yaml") + " --kernel " + path.string() +
                " --shape M=8,N=8,K=8 --cores 1");
}

}  // namespace

TEST_CASE("a misaligned ld.global is a buffer-misaligned fault of the LSU with its source line",
          "[kernels][tensorcore][lsu][faults]") {
  auto r = run_lsu("lsu_misaligned", "    addi x1, x1, 4", "ld.global x0, x1, x5, x5, x6");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("firmware fault: buffer-misaligned") != std::string::npos);
  CHECK(r.err.find("not aligned to the 8-byte width") != std::string::npos);
  REQUIRE(r.report.is_object());
  CHECK(r.report["fault"]["thread"] == "LSU");
  CHECK(r.report["fault"]["pc"] == 4);
  CHECK(r.report["fault"]["source"].get<std::string>().find("lsu_misaligned.s:13") !=
        std::string::npos);
}

TEST_CASE("an st.global past C's allocation is a gm-out-of-range fault of the LSU",
          "[kernels][tensorcore][lsu][faults]") {
  auto r = run_lsu("lsu_gm_range", "    li x7, 1048576", "st.global x1, x0, x5, x7, x6");
  CHECK(r.exit_code == 2);
  CHECK(r.report["fault"]["kind"] == "gm-out-of-range");
  CHECK(r.report["fault"]["thread"] == "LSU");
  CHECK(r.report["completed"] == false);
}
