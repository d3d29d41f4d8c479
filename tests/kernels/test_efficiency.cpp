// Throughput vs peak (simulated cycles, deterministic; not host timing): the seed's 20% -> 80%
// story on the seed chip at 4096^3, timing-only.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

TEST_CASE("the optimised FP16 GEMM reaches at least 80% of peak at 4096^3 on the seed chip",
          "[kernels][throughput]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                  " --shape M=4096,N=4096,K=4096 --timing-only");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["efficiency"].get<double>() >= 0.80);
  CHECK(r.report["efficiency"].get<double>() <= 1.0);
  CHECK(r.report["peak_tops"].get<double>() == Approx(262.144).epsilon(1e-6));
}

TEST_CASE("the naive FP16 GEMM stays at or below 30% of peak at 4096^3 on the seed chip",
          "[kernels][throughput]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16_naive") +
                  " --shape M=4096,N=4096,K=4096 --timing-only");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["efficiency"].get<double>() <= 0.30);
  CHECK(r.report["efficiency"].get<double>() > 0.05);
}

TEST_CASE("the optimised kernel keeps the cube busy while the naive one serialises the pipes",
          "[kernels][throughput]") {
  auto opt = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                    " --shape M=2048,N=2048,K=2048 --timing-only");
  auto naive = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16_naive") +
                      " --shape M=2048,N=2048,K=2048 --timing-only");
  REQUIRE(opt.exit_code == 0);
  REQUIRE(naive.exit_code == 0);
  const double opt_sum = opt.report["engines"]["M"]["busy"].get<double>() +
                         opt.report["engines"]["MTE2"]["busy"].get<double>() +
                         opt.report["engines"]["MTE1"]["busy"].get<double>();
  const double naive_sum = naive.report["engines"]["M"]["busy"].get<double>() +
                           naive.report["engines"]["MTE2"]["busy"].get<double>() +
                           naive.report["engines"]["MTE1"]["busy"].get<double>();
  CHECK(opt_sum > 1.2);     // pipes overlap: busy fractions add up to more than one
  CHECK(naive_sum <= 1.02);  // serialised: at most one pipe busy at a time
}
