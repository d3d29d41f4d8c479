// Several resident CTAs per SM end to end (H100 config): results stay bit-exact whatever the
// occupancy, and CTAs that are latency-bound alone overlap on the SM's engines when co-resident.
#include <catch2/catch.hpp>
#include <string>

#include "kernel_variant.h"
#include "run_npuemu.h"

using npu::test::CliRun;
using npu::test::kernel_variant;
using npu::test::npuemu;
using npu::test::src;

namespace {

std::string h100() { return src("configs/h100-sxm5.yaml"); }

// copy.s with a single 32 KiB stage (load, then store, per chunk: latency-bound alone), claiming
// `smem` of SMEM.
std::string one_stage_copy(const std::string& smem, const std::string& name) {
  return kernel_variant(
      "tensorcore/copy.s",
      {{".equ STAGE_SHIFT, 2", ".equ STAGE_SHIFT, 0"}, {".smem STAGES * CHUNK", ".smem " + smem}},
      name);
}

}  // namespace

TEST_CASE("co-resident copy CTAs overlap: six per SM beat one per SM, bytes exact",
          "[kernels][occupancy]") {
  const std::string args = " --workload copy --shape BYTES=4194304 --cores 4 --check";
  CliRun six = npuemu("run --arch " + h100() + " --kernel " + one_stage_copy("CHUNK", "c6") + args);
  CliRun one =
      npuemu("run --arch " + h100() + " --kernel " + one_stage_copy("160 * 1024", "c1") + args);
  INFO(six.out << six.err << one.out << one.err);
  REQUIRE(six.exit_code == 0);
  REQUIRE(one.exit_code == 0);
  CHECK(six.report["check"]["status"] == "pass");
  CHECK(six.report["launch"]["occupancy"]["ctas_per_sm"] == 6);  // 6 x 33 KiB of 228
  CHECK(six.report["launch"]["grid"] == 24);                     // a CTA per slot
  CHECK(one.report["launch"]["occupancy"]["ctas_per_sm"] == 1);
  const double c6 = six.report["cycles"], c1 = one.report["cycles"];
  CHECK(c6 < 0.8 * c1);
}

TEST_CASE("gemv_fp16 with a 2-stage ring runs three CTAs per SM bit for bit",
          "[kernels][occupancy]") {
  const std::string k = kernel_variant("tensorcore/gemv_fp16.s",
                                       {{".equ STAGE_SHIFT, 2", ".equ STAGE_SHIFT, 1"}}, "gemv2");
  for (const char* shape : {"M=3,N=700,K=900", "M=1,N=1000,K=260", "M=16,N=1024,K=128"}) {
    CliRun r = npuemu("run --arch " + h100() + " --kernel " + k + " --shape " + shape +
                      " --cores 4 --check");
    INFO(shape << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    CHECK(r.report["launch"]["occupancy"]["ctas_per_sm"] == 3);
    CHECK(r.report["launch"]["grid"] == 12);
  }
}
