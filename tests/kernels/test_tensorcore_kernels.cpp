// End to end on the H100-like tensor-core chip: the warp-specialised GEMM, the GEMV and the copy
// kernel through `npuemu run`, bit for bit against the same golden as DaVinci on random data with
// edge values and odd shapes; timing-only counts the same cycles; firmware faults are reported.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

std::string h100() { return src("configs/h100-sxm5.yaml"); }
std::string tc_kernel(const std::string& name) {
  return src("firmware/kernels/tensorcore/" + name + ".s");
}

void check_shapes(const std::string& name, std::initializer_list<const char*> shapes,
                  const std::string& extra = "") {
  for (const char* shape : shapes) {
    INFO(name << " " << shape << " " << extra);
    auto r = npuemu("run --arch " + h100() + " --kernel " + tc_kernel(name) + " --shape " + shape +
                    " --check --cores 8 " + extra);
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["check"]["mismatches"] == 0);
  }
}

}  // namespace

TEST_CASE("tensor-core gemm_fp16 matches the golden bit for bit on odd shapes",
          "[kernels][tensorcore]") {
  check_shapes("gemm_fp16", {"M=1,N=1,K=1", "M=64,N=8,K=16", "M=100,N=300,K=77", "M=129,N=257,K=65",
                             "M=300,N=513,K=200", "M=256,N=512,K=128"});
  check_shapes("gemm_fp16", {"M=130,N=70,K=90"}, "--out-dtype fp32");
}

TEST_CASE("tensor-core gemv_fp16 matches the golden bit for bit", "[kernels][tensorcore]") {
  check_shapes("gemv_fp16",
               {"M=1,N=1,K=1", "M=1,N=1000,K=300", "M=3,N=64,K=129", "M=70,N=33,K=257"});
}

TEST_CASE("tensor-core copy kernel copies every byte", "[kernels][tensorcore]") {
  for (const char* shape : {"BYTES=1", "BYTES=32768", "BYTES=1000001"}) {
    INFO(shape);
    auto r = npuemu("run --arch " + h100() + " --kernel " + tc_kernel("copy") +
                    " --workload copy --check --cores 8 --shape " + shape);
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
  }
}

TEST_CASE("tensor-core timing-only counts the same cycles as a functional run",
          "[kernels][tensorcore]") {
  const std::string base = "run --arch " + h100() + " --kernel " + tc_kernel("gemm_fp16") +
                           " --shape M=300,N=600,K=256 --cores 4";
  auto fn = npuemu(base + " --check");
  auto to = npuemu(base + " --timing-only");
  REQUIRE(fn.exit_code == 0);
  REQUIRE(to.exit_code == 0);
  CHECK(fn.report["cycles"] == to.report["cycles"]);
  const auto& act = to.report["activity"];
  const auto& counts = act.contains("counts") ? act["counts"] : act;
  REQUIRE(counts.contains("macs_f16"));
  CHECK(counts["macs_f16"].get<uint64_t>() > 300ull * 600 * 256);
}

TEST_CASE("the tensor-core chip reports its datasheet FP16 peak at 1830 MHz",
          "[kernels][tensorcore]") {
  auto r = npuemu("run --arch " + h100() + " --kernel " + tc_kernel("gemm_fp16") +
                  " --shape M=128,N=256,K=64 --timing-only --freq-mhz 1830");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["peak_tops"].get<double>() == Approx(989.4).epsilon(0.001));
  CHECK(r.report["cores"] == 132);
}

TEST_CASE("tensor-core firmware faults are reported with exit code 2", "[kernels][tensorcore]") {
  auto dir = npu::test::scratch_dir();
  auto write = [&](const std::string& name, const std::string& body) {
    auto p = dir / name;
    std::ofstream(p) << ".target tensorcore\n.kernel bad\n.param A ptr\n.param B ptr\n"
                        ".param C ptr\n.param M u32\n.param N u32\n.param K u32\n"
                     << body;
    return p.string();
  };
  // a wgmma reading past SMEM
  auto smem =
      write("smem.s", "li x1, 233472\nli x2, 256\nwgmma.f16 x0, x1, x0, x2, x2, x2\nhalt\n");
  auto r = npuemu("run --arch " + h100() + " --kernel " + smem + " --shape M=1,N=1,K=1 --cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("operand A") != std::string::npos);
  // waiting on a barrier nobody completes: deadlock, with the barrier in the report
  auto dead = write("dead.s", "li x1, 1\nmbar.init x0, x1\nmbar.wait x0, x0\nhalt\n");
  r = npuemu("run --arch " + h100() + " --kernel " + dead + " --shape M=1,N=1,K=1 --cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("deadlock") != std::string::npos);
  CHECK(r.err.find("mbar.wait") != std::string::npos);
  // an epilogue while wgmma are still pending
  auto race = write("race.s",
                    "ldp x3, C\nli x2, 8\nwgmma.init.f16 x0, x0, x0, x2, x2, x2\n"
                    "li x4, 1\nepi.f32 x3, x0, x4, x4, x4, x4\nhalt\n");
  r = npuemu("run --arch " + h100() + " --kernel " + race + " --shape M=1,N=1,K=1 --cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("pending") != std::string::npos);
}
