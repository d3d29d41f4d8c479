// End to end: gemv_fp16.s (decode, M = 1..16) bit for bit on both DaVinci configs, and its
// HBM bandwidth at M=1, N=K=8192 on the seed chip (report: problem bytes / time vs
// memory.hbm.bandwidth).
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;
using npu::test::src;

TEST_CASE("gemv_fp16 matches the golden bit for bit on both configs", "[kernels][gemv]") {
  for (const std::string arch : {seed_chip(), src("configs/ascend910b2.yaml")}) {
    for (const char* shape : {"M=1,N=1,K=1", "M=1,N=300,K=1000", "M=16,N=513,K=2048",
                              "M=5,N=700,K=2049", "M=33,N=100,K=70"}) {
      INFO(arch << " " << shape);
      auto r = npuemu("run --arch " + arch + " --kernel " + kernel("gemv_fp16") + " --shape " +
                      shape + " --check --cores 3");
      REQUIRE(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
    }
  }
  auto f32 = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemv_fp16") +
                    " --shape M=2,N=300,K=500 --out-dtype fp32 --check");
  REQUIRE(f32.exit_code == 0);
  CHECK(f32.report["check"]["status"] == "pass");
}

TEST_CASE("gemv_fp16 at M=1, N=K=8192 streams B at >= 80% of the seed chip's HBM bandwidth",
          "[kernels][gemv][throughput]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemv_fp16") +
                  " --shape M=1,N=8192,K=8192 --timing-only");
  REQUIRE(r.exit_code == 0);
  const double bytes = 8192.0 * 8192 * 2 + 8192 * 2 + 8192 * 2;  // B + A + C
  CHECK(r.report["min_bytes"].get<double>() == Approx(bytes));
  CHECK(r.report["hbm_gbps"].get<double>() == Approx(1200.0));
  const double gbps = bytes / r.report["seconds"].get<double>() * 1e-9;
  CHECK(r.report["achieved_gbps"].get<double>() == Approx(gbps));
  CHECK(r.report["bandwidth_efficiency"].get<double>() >= 0.80);
  CHECK(r.report["bandwidth_efficiency"].get<double>() <= 1.0);
}

TEST_CASE("gemv_fp16 and gemm_fp16_trans count the same cycles with --timing-only",
          "[kernels][gemv][trans][timing]") {
  const std::string runs[] = {
      "--kernel " + kernel("gemv_fp16") + " --shape M=3,N=700,K=900",
      "--kernel " + kernel("gemm_fp16_trans") + " --shape M=300,N=200,K=300,TA=1,TB=1"};
  for (const std::string& run : runs) {
    INFO(run);
    const std::string base = "run --arch " + seed_chip() + " " + run;
    auto functional = npuemu(base + " --check");
    auto timing = npuemu(base + " --timing-only");
    REQUIRE(functional.exit_code == 0);
    REQUIRE(timing.exit_code == 0);
    CHECK(functional.report["cycles"] == timing.report["cycles"]);
  }
}
