// The host plan of tensor-core GEMMs (tb/npuemu/host_tiling.cpp): gemm_fp16.s runs persistent with
// the tile width the plan picks per shape, gemm_int8.s one CTA per 128 x 256 tile (the measured
// Triton kernel's launch); every tile width and both launches stay bit for bit on odd shapes.
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
    uint64_t tile_n;
  };
  // 2 SMs: 130 x 380 is 2 x 2 tiles of 256 or of 192 (192 cheaper); 200 x 100 is 2 tiles of any
  // width (128 cheapest); 129 x 577 is 2 x 3 tiles of 256 (3 waves) or 2 x 5 of 128 (5 waves of
  // half the work, each chunk L2-bound: more cycles); 1 SM, 128 x 256: one tile of 256 beats
  // two of 128 (the second epilogue).
  for (const Case& c : {Case{"M=130,N=380,K=90", 2, 192}, Case{"M=200,N=100,K=300", 2, 128},
                        Case{"M=129,N=577,K=300", 2, 256}, Case{"M=128,N=256,K=200", 1, 256}}) {
    INFO(c.shape << " on " << c.cores << " SMs");
    auto r = npuemu(run_gemm("gemm_fp16", c.shape,
                             "--check --out-dtype fp32 --cores " + std::to_string(c.cores)));
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["launch"]["tile_n"].get<uint64_t>() == c.tile_n);
    CHECK(r.report["launch"]["grid"].get<uint64_t>() <= static_cast<uint64_t>(c.cores));
  }
}

TEST_CASE("the FP16 plan keeps 8192^3 on 256-wide tiles, one persistent CTA per SM",
          "[kernels][tensorcore]") {
  // the plan is printed in the report before the run; a short cycle budget stops the run early
  auto r = npuemu(run_gemm("gemm_fp16", "M=8192,N=8192,K=8192",
                           "--timing-only --freq-mhz 1293 --max-cycles 20000"));
  CHECK(r.report["launch"]["tile_n"] == 256);
  CHECK(r.report["launch"]["grid"] == 132);
}

TEST_CASE("the tensor-core INT8 GEMM runs one CTA per tile, bit for bit", "[kernels][tensorcore]") {
  for (const char* shape : {"M=1,N=1,K=1", "M=129,N=257,K=129", "M=300,N=600,K=300"}) {
    INFO(shape);
    auto r =
        npuemu(run_gemm("gemm_int8", shape, "--check --dtype int8 --out-dtype int32 --cores 3"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["launch"]["tile_n"] == 256);
  }
  auto r = npuemu(run_gemm("gemm_int8", "M=300,N=600,K=300",
                           "--timing-only --dtype int8 --out-dtype int32 --cores 3"));
  CHECK(r.report["launch"]["grid"] == 3 * 3);  // ceil(300 / 128) x ceil(600 / 256) tiles
}
