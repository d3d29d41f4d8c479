// The host plan of tensor-core GEMMs (tb/npuemu/host_tiling.cpp): gemm_fp16.s runs persistent with
// the tile (128 or 192 rows, 128..256 columns) the plan picks per shape, gemm_int8.s one CTA per
// 128 x 256 tile (the measured Triton kernel's launch); every tile width and both launches stay bit
// for bit on odd shapes.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

std::string run_gemm(const std::string& kernel, const std::string& shape,
                     const std::string& extra) {
  return "run --arch " + src("configs/h100-sxm5.yaml") + " --kernel " +
         src("firmware/kernels/tensorcore/" + kernel + ".s") + " --shape " + shape + " " + extra;
}

}  // namespace

TEST_CASE("the FP16 plan picks the tile width with the fewest waves and keeps results exact",
          "[kernels][tensorcore]") {
  struct Case {
    const char* shape;
    int cores;
    uint64_t tile_n, tile_m = 128;
  };
  // 2 SMs: 130 x 380 is one wave of 2 tiles of 192 x 192 (128-row tiles need 2 waves);
  // 200 x 100 is 2 tiles of any size (128 x 128 cheapest); 129 x 577 is 1 x 4 tiles of 192 x 192
  // (2 waves) against 2 x 3 of 128 x 256 (3 waves). 1 SM: 128 x 256 is one tile of 128 x 256;
  // 190 x 180 one of 192 x 192 (three consumer warpgroups) rather than two of 128 rows.
  for (const Case& c : {Case{"M=130,N=380,K=90", 2, 192, 192}, Case{"M=200,N=100,K=300", 2, 128},
                        Case{"M=129,N=577,K=300", 2, 192, 192}, Case{"M=128,N=256,K=200", 1, 256},
                        Case{"M=190,N=180,K=100", 1, 192, 192}}) {
    INFO(c.shape << " on " << c.cores << " SMs");
    auto r = npuemu(run_gemm("gemm_fp16", c.shape,
                             "--check --out-dtype fp32 --cores " + std::to_string(c.cores)));
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["launch"]["tile_n"].get<uint64_t>() == c.tile_n);
    CHECK(r.report["launch"]["tile_m"].get<uint64_t>() == c.tile_m);
    CHECK(r.report["launch"]["grid"].get<uint64_t>() <= static_cast<uint64_t>(c.cores));
  }
}

TEST_CASE("the FP16 plan: 192 x 256 tiles at 8192^3, 192 x 192 at 3072^3 (2 waves, not 3)",
          "[kernels][tensorcore]") {
  // the plan is in the report of a run stopped early by a short cycle budget
  auto r = npuemu(run_gemm("gemm_fp16", "M=8192,N=8192,K=8192",
                           "--timing-only --freq-mhz 1293 --max-cycles 20000"));
  CHECK(r.report["launch"]["tile_m"] == 192);  // compute-bound at the L2 share, 128 x 256 is not
  CHECK(r.report["launch"]["tile_n"] == 256);
  CHECK(r.report["launch"]["grid"] == 132);
  r = npuemu(run_gemm("gemm_fp16", "M=3072,N=3072,K=3072",
                      "--timing-only --freq-mhz 1293 --max-cycles 20000"));
  CHECK(r.report["launch"]["tile_m"] == 192);
  CHECK(r.report["launch"]["tile_n"] == 192);
}

TEST_CASE("the tensor-core INT8 GEMM runs one CTA per tile, bit for bit", "[kernels][tensorcore]") {
  for (const char* shape : {"M=1,N=1,K=1", "M=129,N=257,K=129", "M=300,N=600,K=300"}) {
    INFO(shape);
    auto r =
        npuemu(run_gemm("gemm_int8", shape, "--check --dtype int8 --out-dtype int32 --cores 3"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["launch"]["tile_n"] == 256);
    CHECK(r.report["launch"]["tile_m"] == 128);
  }
  auto r = npuemu(run_gemm("gemm_int8", "M=300,N=600,K=300",
                           "--timing-only --dtype int8 --out-dtype int32 --cores 3"));
  CHECK(r.report["launch"]["grid"] == 3 * 3);  // ceil(300 / 128) x ceil(600 / 256) tiles
}
