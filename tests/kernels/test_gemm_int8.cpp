// End to end: gemm_int8.s through `npuemu run` on both DaVinci configs, INT32 and requantised
// INT8 output, checked bit for bit against the golden (tb/util/golden_int8) on random INT8 data
// with extra -128 / 127 / 0; the INT8 peak and the 4096^3 efficiency on the seed chip.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;
using npu::test::src;

namespace {

const char* kShapes[] = {"M=1,N=1,K=1", "M=17,N=33,K=65", "M=300,N=513,K=700", "M=257,N=31,K=1100",
                         "M=128,N=256,K=512"};

std::string run_int8(const std::string& arch, const std::string& shape, const std::string& out) {
  return "run --arch " + arch + " --kernel " + kernel("gemm_int8") + " --dtype int8 --out-dtype " +
         out + " --shape " + shape;
}

}  // namespace

TEST_CASE("gemm_int8 matches the golden bit for bit on both DaVinci configs", "[kernels][int8]") {
  for (const std::string arch : {seed_chip(), src("configs/ascend910b2.yaml")}) {
    for (const char* shape : kShapes) {
      for (const char* out : {"int32", "int8"}) {
        const std::string s =
            std::string(shape) + (std::string(out) == "int8" ? ",SCALE=0.0004" : "");
        INFO(arch << " " << s << " " << out);
        // Two cores: several tiles per core, so both L0C accumulators take turns on the seed.
        auto r = npuemu(run_int8(arch, s, out) + " --check --cores 2");
        REQUIRE(r.exit_code == 0);
        CHECK(r.report["check"]["status"] == "pass");
        CHECK(r.report["workload"]["dtype"] == "int8");
        CHECK(r.report["workload"]["out_dtype"] == out);
      }
    }
  }
}

TEST_CASE("gemm_int8 requantisation saturates and rounds like the golden at other scales",
          "[kernels][int8]") {
  for (const char* scale : {"1", "0.5", "0.0000001", "-0.003"}) {
    INFO(scale);
    auto r = npuemu(run_int8(seed_chip(), std::string("M=40,N=70,K=300,SCALE=") + scale, "int8") +
                    " --check --seed 5");
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
  }
}

TEST_CASE("INT8 peak on the seed chip is 512 TOPS within 3%, and 4096^3 reaches 80% of it",
          "[kernels][int8][throughput]") {
  auto r = npuemu(run_int8(seed_chip(), "M=4096,N=4096,K=4096", "int32") + " --timing-only");
  REQUIRE(r.exit_code == 0);
  const double peak = r.report["peak_tops"].get<double>();
  CHECK(peak == Approx(32 * 8192 * 2 * 1e9 * 1e-12));  // 524.288 from the config's params
  CHECK(std::abs(peak / 512.0 - 1.0) <= 0.03);
  CHECK(r.report["efficiency"].get<double>() >= 0.80);
  CHECK(r.report["efficiency"].get<double>() <= 1.0);
}

TEST_CASE("gemm_int8 timing-only counts the functional run's cycles", "[kernels][int8][timing]") {
  const std::string base = run_int8(seed_chip(), "M=300,N=513,K=700,SCALE=0.01", "int8");
  auto functional = npuemu(base + " --check");
  auto timing = npuemu(base + " --timing-only");
  REQUIRE(functional.exit_code == 0);
  REQUIRE(timing.exit_code == 0);
  CHECK(functional.report["cycles"] == timing.report["cycles"]);
}

TEST_CASE("INT8 GEMM usage errors exit with 1", "[kernels][int8][cli]") {
  // int8 output without a scale, a scale with int32 output, fp16 output from int8 inputs, and
  // an FP16 kernel asked for an int8 output.
  CHECK(npuemu(run_int8(seed_chip(), "M=16,N=16,K=16", "int8")).exit_code == 1);
  CHECK(npuemu(run_int8(seed_chip(), "M=16,N=16,K=16,SCALE=1", "int32")).exit_code == 1);
  CHECK(npuemu(run_int8(seed_chip(), "M=16,N=16,K=16", "fp16")).exit_code == 1);
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                  " --dtype int8 --out-dtype int8 --shape M=16,N=16,K=16,SCALE=1");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("OUT_S8") != std::string::npos);
}
