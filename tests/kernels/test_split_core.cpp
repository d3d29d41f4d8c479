// The split 910B core (DESIGN section 12): one AIC and two AIVs per core, each with its own control
// thread, cross-core flags between them, faults naming the sub-core and unit, and the FP16 GEMM
// with the reference tiling on both DaVinci configs.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::src;

namespace {

std::string split_chip() { return src("configs/ascend910b2.yaml"); }

npu::test::CliRun run_split(const std::string& file, const std::string& shape = "M=16,N=16,K=1",
                            const std::string& extra = "") {
  return npuemu("run --arch " + split_chip() + " --kernel " +
                src("tests/kernels/split/" + file + ".s") + " --shape " + shape +
                " --max-cycles 10000000 " + extra);
}

}  // namespace

TEST_CASE("split core: existing cube-only kernels run on the AIC unchanged", "[kernels][split]") {
  for (const char* k : {"gemm_fp16_naive", "gemm_fp16"}) {
    for (const char* shape : {"M=17,N=33,K=65", "M=300,N=513,K=129", "M=1,N=1,K=1"}) {
      INFO(k << " " << shape);
      auto r = npuemu("run --arch " + split_chip() + " --kernel " + kernel(k) + " --shape " +
                      shape + " --check");
      REQUIRE(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
    }
  }
}

TEST_CASE("split core: gemm_fp16 (TILE_M=128 from L0C) writes FP32 bit for bit",
          "[kernels][split]") {
  for (const char* shape : {"M=77,N=130,K=50", "M=257,N=31,K=600", "M=256,N=512,K=300"}) {
    INFO(shape);
    auto r = npuemu("run --arch " + split_chip() + " --kernel " + kernel("gemm_fp16") +
                    " --shape " + shape + " --check --out-dtype fp32");
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
  }
}

TEST_CASE("split core: a cross-core round trip costs two flag latencies", "[kernels][split]") {
  // core.cross_flag on ascend910b2 is 1000 cycles; each extra trip adds AIC->AIV and AIV->AIC.
  auto one = run_split("ping_pong", "M=16,N=16,K=1", "--cores 1 --timing-only");
  auto three = run_split("ping_pong", "M=16,N=16,K=3", "--cores 1 --timing-only");
  REQUIRE(one.exit_code == 0);
  REQUIRE(three.exit_code == 0);
  const auto d = three.report["cycles"].get<int64_t>() - one.report["cycles"].get<int64_t>();
  CHECK(d >= 2 * 2 * 1000);
  CHECK(d <= 2 * 2 * 1000 + 100);
}

TEST_CASE("split core: a mode-0 flag is a barrier across every sub-core", "[kernels][split]") {
  auto r = run_split("barrier_all", "M=16,N=16,K=1", "--timing-only");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["completed"] == true);
}

TEST_CASE("split core: faults name the sub-core, the thread and the missing unit",
          "[kernels][split][faults]") {
  auto r = run_split("aiv_mmad", "M=16,N=16,K=1", "--cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("runs on the M pipe, which core 0 AIV0 does not have") != std::string::npos);
  CHECK(r.report["fault"]["thread"] == "AIV0 scalar");

  r = run_split("aic_ub", "M=16,N=16,K=1", "--cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("uses UB, which core 0 AIC does not have") != std::string::npos);
  CHECK(r.report["fault"]["thread"] == "AIC MTE2");

  r = run_split("aiv1_waits", "M=16,N=16,K=1", "--cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.report["fault"]["kind"] == "deadlock");
  CHECK(r.err.find("core 0 AIV1 scalar: blocked in cc_wait_flag id 5") != std::string::npos);
  CHECK(r.err.find("core 0 AIV0 scalar: blocked") == std::string::npos);

  r = run_split("cc_unconsumed", "M=16,N=16,K=1", "--cores 1");
  CHECK(r.exit_code == 2);
  CHECK(r.report["fault"]["kind"] == "unconsumed-flag");
  CHECK(r.err.find("core 0 AIV1: id 7 = 1") != std::string::npos);
}

TEST_CASE("matmul_bias_relu: cube on the AIC, bias + ReLU on the AIVs, bit for bit",
          "[kernels][split][fused]") {
  for (const char* shape : {"M=1,N=1,K=1", "M=64,N=96,K=80", "M=129,N=257,K=33",
                            "M=300,N=200,K=520"}) {
    INFO(shape);
    auto r = npuemu("run --arch " + split_chip() + " --kernel " +
                    kernel("matmul_bias_relu_fp16") + " --workload matmul_bias_relu --shape " +
                    shape + " --check");
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["check"]["mismatches"] == 0);
  }
  // Several tiles per core: the AIC runs ahead by at most two tiles of the AIVs.
  auto r = npuemu("run --arch " + split_chip() + " --kernel " + kernel("matmul_bias_relu_fp16") +
                  " --workload matmul_bias_relu --shape M=700,N=600,K=300 --cores 2 --check");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["check"]["status"] == "pass");
}

TEST_CASE("matmul_bias_relu needs a split core", "[kernels][split][fused]") {
  auto r = npuemu("run --arch " + src("configs/ascend910b-seed.yaml") + " --kernel " +
                  kernel("matmul_bias_relu_fp16") +
                  " --workload matmul_bias_relu --shape M=64,N=64,K=64");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("runs on a split core") != std::string::npos);
}
