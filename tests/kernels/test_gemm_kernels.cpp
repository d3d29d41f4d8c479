// End to end: both DaVinci GEMM kernels through `npuemu run`, checked bit for bit against the
// golden on random data with edge values (-0, denormals, inf, NaN, values overflowing FP16 on
// output), square, rectangular and odd shapes; timing-only must count the same cycles.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

const char* kShapes[] = {"M=1,N=1,K=1",       "M=17,N=33,K=65",    "M=77,N=130,K=50",
                         "M=1000,N=24,K=3000", "M=256,N=256,K=256", "M=300,N=513,K=129",
                         "M=16,N=16,K=16",     "M=257,N=31,K=600"};

void check_kernel(const std::string& name, const std::string& extra) {
  for (const char* shape : kShapes) {
    INFO(name << " " << shape << " " << extra);
    auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel(name) + " --shape " +
                    shape + " --check " + extra);
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["check"]["mismatches"] == 0);
    CHECK(r.report["cycles"].get<uint64_t>() > 0);
  }
}

}  // namespace

TEST_CASE("optimised gemm_fp16 matches the golden bit for bit on odd shapes", "[kernels][gemm]") {
  check_kernel("gemm_fp16", "");
}

TEST_CASE("naive gemm_fp16 matches the golden bit for bit on odd shapes", "[kernels][gemm]") {
  check_kernel("gemm_fp16_naive", "");
}

TEST_CASE("gemm kernels write FP32 output bit for bit with --out-dtype fp32", "[kernels][gemm]") {
  for (const char* k : {"gemm_fp16", "gemm_fp16_naive"}) {
    for (const char* shape : {"M=17,N=33,K=65", "M=300,N=513,K=129"}) {
      INFO(k << " " << shape);
      auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel(k) + " --shape " +
                      shape + " --check --out-dtype fp32 --seed 7");
      REQUIRE(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
    }
  }
}

TEST_CASE("timing-only runs count exactly the functional run's cycles", "[kernels][timing]") {
  for (const char* k : {"gemm_fp16", "gemm_fp16_naive"}) {
    for (const char* shape : {"M=77,N=130,K=50", "M=300,N=513,K=700", "M=512,N=512,K=512"}) {
      INFO(k << " " << shape);
      const std::string base = "run --arch " + seed_chip() + " --kernel " + kernel(k) +
                               " --shape " + shape;
      auto functional = npuemu(base + " --check");
      auto timing = npuemu(base + " --timing-only");
      REQUIRE(functional.exit_code == 0);
      REQUIRE(timing.exit_code == 0);
      CHECK(functional.report["cycles"] == timing.report["cycles"]);
      CHECK(functional.report["bytes"]["hbm"] == timing.report["bytes"]["hbm"]);
    }
  }
}

TEST_CASE("a wrong firmware result is reported as a check failure with exit code 2",
          "[kernels][check]") {
  // The naive kernel with its K loop cut short computes a wrong C; the golden catches it.
  auto dir = npu::test::scratch_dir();
  std::string text = npu::test::slurp(kernel("gemm_fp16_naive"));
  auto pos = text.find("addi x15, x15, KS");
  REQUIRE(pos != std::string::npos);
  text.replace(pos, 17, "addi x15, x15, 2*KS");
  auto bad = dir / "gemm_wrong.s";
  std::ofstream(bad) << text;
  // the kernel includes cube_pipeline.inc from its own directory
  std::filesystem::copy_file(npu::test::src("firmware/kernels/davinci/cube_pipeline.inc"),
                             dir / "cube_pipeline.inc",
                             std::filesystem::copy_options::overwrite_existing);
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + bad.string() +
                  " --shape M=32,N=32,K=256 --check");
  CHECK(r.exit_code == 2);
  CHECK(r.report["check"]["status"] == "fail");
  CHECK(r.out.find("first mismatch") != std::string::npos);
}
