// End to end: conv2d_fp16.s (img2col through load3d) bit for bit against the direct-convolution
// golden on both DaVinci configs: strides, paddings, channel counts off the 16-grid, several
// pixel and channel tiles, FP32 output; and the conv2d workload's usage errors.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;
using npu::test::src;

namespace {

std::string conv(const std::string& arch, const std::string& shape) {
  return "run --arch " + arch + " --kernel " + kernel("conv2d_fp16") +
         " --workload conv2d --shape " + shape;
}

}  // namespace

TEST_CASE("conv2d_fp16 matches the direct convolution bit for bit on both configs",
          "[kernels][conv2d]") {
  const char* shapes[] = {"N=1,H=5,W=7,C=3,K=5,R=3,S=3,STRIDE=1,PAD=1",
                          "N=2,H=8,W=8,C=16,K=32,R=3,S=3,STRIDE=2,PAD=1",
                          "N=1,H=9,W=6,C=20,K=300,R=2,S=3",
                          "N=3,H=7,W=7,C=33,K=17,R=5,S=3,STRIDE=3,PAD=2",
                          "N=1,H=20,W=20,C=64,K=64,R=1,S=1",
                          "N=1,H=1,W=1,C=1,K=1,R=1,S=1"};
  for (const std::string arch : {seed_chip(), src("configs/ascend910b2.yaml")}) {
    for (const char* shape : shapes) {
      INFO(arch << " " << shape);
      auto r = npuemu(conv(arch, shape) + " --check --cores 3");
      REQUIRE(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
      CHECK(r.report["workload"]["name"] == "conv2d");
    }
  }
  auto f32 = npuemu(conv(seed_chip(), "N=2,H=6,W=5,C=18,K=20,R=3,S=2,STRIDE=1,PAD=1") +
                    " --check --out-dtype fp32 --seed 4");
  REQUIRE(f32.exit_code == 0);
  CHECK(f32.report["check"]["status"] == "pass");
}

TEST_CASE("conv2d on images larger than L1 works through bands of output rows",
          "[kernels][conv2d]") {
  // A 64x64x64 image is 512 KiB in NZ: the workload picks bands of output rows whose input rows
  // fit 256 KiB, and load3d reads each band with its first image row (ROW0) and row count.
  for (const std::string arch : {seed_chip(), src("configs/ascend910b2.yaml")}) {
    for (const char* shape :
         {"N=1,H=64,W=64,C=64,K=16,R=3,S=3,PAD=1", "N=2,H=56,W=56,C=64,K=24,R=3,S=3,STRIDE=2,PAD=1",
          "N=1,H=30,W=100,C=40,K=20,R=5,S=3,PAD=2"}) {
      INFO(arch << " " << shape);
      auto r = npuemu(conv(arch, shape) + " --check --cores 8");
      REQUIRE(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
    }
  }
}

TEST_CASE("a batch-1 conv2d is cut into bands so that every core gets work", "[kernels][conv2d]") {
  // 1 image x 1 channel tile would be one unit; bands of output rows give each of 8 cores one.
  auto r =
      npuemu(conv(seed_chip(), "N=1,H=20,W=20,C=16,K=32,R=3,S=3,PAD=1") + " --check --cores 8");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["check"]["status"] == "pass");
  CHECK(r.report["cores_used"] == 8);
}

TEST_CASE("conv2d reports the convolution's own operations and counts cycles like timing-only",
          "[kernels][conv2d][timing]") {
  const std::string base = conv(seed_chip(), "N=2,H=10,W=10,C=8,K=24,R=3,S=3,STRIDE=1,PAD=1");
  auto functional = npuemu(base + " --check");
  auto timing = npuemu(base + " --timing-only");
  REQUIRE(functional.exit_code == 0);
  REQUIRE(timing.exit_code == 0);
  CHECK(functional.report["cycles"] == timing.report["cycles"]);
  CHECK(functional.report["ops"].get<double>() == Approx(2.0 * 2 * 10 * 10 * 24 * 3 * 3 * 8));
}

TEST_CASE("conv2d usage errors exit with 1", "[kernels][conv2d][cli]") {
  CHECK(npuemu(conv(seed_chip(), "N=1,H=5,W=5,C=3,K=5,R=3")).exit_code == 1);      // S missing
  CHECK(npuemu(conv(seed_chip(), "N=1,H=2,W=2,C=3,K=5,R=5,S=5")).exit_code == 1);  // window
  CHECK(npuemu(conv(seed_chip(), "N=1,H=4,W=4,C=3,K=5,R=3,S=3,STRIDE=0")).exit_code == 1);
  CHECK(npuemu(conv(seed_chip(), "N=1,H=4,W=4,C=3,K=5,R=3,S=3,Q=1")).exit_code == 1);
  // Three input rows of 4096 x 64 channels are 1.5 MiB: not even one output row's band fits.
  auto wide = npuemu(conv(seed_chip(), "N=1,H=8,W=4096,C=64,K=16,R=3,S=3"));
  CHECK(wide.exit_code == 1);
  CHECK(wide.err.find("W x C too large") != std::string::npos);
}
