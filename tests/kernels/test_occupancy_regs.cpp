// Registers per thread (.regs) at launch on the H100 config, end to end: a kernel limited by its
// registers gets fewer CTAs per SM (and still copies every byte), a CTA whose registers exceed
// what a CTA may have is refused before anything runs (exit 1), a role whose wgmma accumulators
// outgrow the declared registers faults naming the role (exit 2), and the FP16 GEMM plan declares
// 168 registers x 384 threads at 128 x 256, as cuBLAS's kernels do on the card.
#include <catch2/catch.hpp>
#include <string>

#include "kernel_variant.h"
#include "run_npuemu.h"

namespace npu::test {
namespace {

const std::string kH100 = src("configs/h100-sxm5.yaml");

// copy.s with one 32 KiB stage (6 CTAs per SM by SMEM) and `regs` registers per thread.
std::string one_stage_copy(const std::string& regs, const std::string& name) {
  return kernel_variant("tensorcore/copy.s",
                        {{".equ STAGE_SHIFT, 2", ".equ STAGE_SHIFT, 0"},
                         {".smem STAGES * CHUNK", ".smem CHUNK"},
                         {".regs 40", ".regs " + regs}},
                        name);
}

const std::string kCopyArgs = " --workload copy --shape BYTES=1048576 --cores 4";

}  // namespace

TEST_CASE("a copy CTA limited by its registers gets fewer CTAs per SM, bytes exact",
          "[kernels][occupancy][regs]") {
  CliRun six = npuemu("run --arch " + kH100 + " --kernel " + one_stage_copy("40", "r40") +
                      kCopyArgs + " --check");
  CliRun two = npuemu("run --arch " + kH100 + " --kernel " + one_stage_copy("100", "r100") +
                      kCopyArgs + " --check");
  INFO(six.out << six.err << two.out << two.err);
  REQUIRE(six.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(six.report["launch"]["occupancy"]["ctas_per_sm"] == 6);  // SMEM: 6 x 33 KiB
  CHECK(six.report["launch"]["occupancy"]["limit"] == "smem");
  // 100 x 32 = 3200 -> 3328 per warp: 4 warps per sub-partition, 16 per SM, 2 CTAs of 8 warps
  const auto& o = two.report["launch"]["occupancy"];
  CHECK(o["ctas_per_sm"] == 2);
  CHECK(o["limit"] == "rf");
  CHECK(o["regs"]["per_thread"] == 100);
  CHECK(o["regs"]["per_warp"] == 3328);
  CHECK(o["regs"]["per_cta"] == 8 * 3328);
  CHECK(o["rf_window"] == 8 * 3328 * 4);
  CHECK(two.report["launch"]["grid"] == 8);  // a CTA per resident slot
  CHECK(two.report["check"]["status"] == "pass");
  CHECK(two.out.find("occupancy 2 CTAs/SM (limited by rf): SMEM 32768 B, RF 106496 B (100 "
                     "regs/thread, 3328 per warp as allocated), 8 warps per CTA") !=
        std::string::npos);
}

TEST_CASE("a CTA whose registers exceed a CTA's 64 K is refused before simulating (exit 1)",
          "[kernels][occupancy][regs]") {
  const std::string k = kernel_variant(
      "tensorcore/copy.s", {{".regs 40", ".regs 255"}, {".threads 2 * 128", ".threads 384"}},
      "copy_r255");
  CliRun r = npuemu("run --arch " + kH100 + " --kernel " + k + kCopyArgs);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("copy: launch: a CTA needs 98304 registers (255 per thread, 8192 per warp in "
                   "units of 256, x 12 warps") != std::string::npos);
  CHECK(r.err.find("sm.rf.max_per_cta") != std::string::npos);
  CHECK(r.report.is_null());  // nothing ran
}

TEST_CASE("a role whose accumulators exceed its registers faults naming the role (exit 2)",
          "[kernels][occupancy][regs]") {
  // gemv's consumer accumulates 64 x 64 FP32: 32 registers per thread of its warpgroup
  const std::string k =
      kernel_variant("tensorcore/gemv_fp16.s", {{".regs BN / 2 + 40", ".regs 24"}}, "gemv_r24");
  CliRun r = npuemu("run --arch " + kH100 + " --kernel " + k +
                    " --shape M=1,N=64,K=64 --cores 1 --timing-only");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("role 'consumer': its wgmma accumulators cover 16384 bytes of the RF, 32 "
                   "registers per thread of its warpgroup") != std::string::npos);
  CHECK(r.err.find("more than the 24 registers per thread the CTA declares (.regs)") !=
        std::string::npos);
  // 32 is enough
  const std::string ok =
      kernel_variant("tensorcore/gemv_fp16.s", {{".regs BN / 2 + 40", ".regs 32"}}, "gemv_r32");
  CliRun fits = npuemu("run --arch " + kH100 + " --kernel " + ok +
                       " --shape M=1,N=64,K=64 --cores 1 --check");
  INFO(fits.out << fits.err);
  CHECK(fits.exit_code == 0);
}

TEST_CASE("the FP16 GEMM plan declares 168 registers x 384 threads at 128 x 256",
          "[kernels][occupancy][regs]") {
  CliRun r = npuemu("run --arch " + kH100 + " --kernel " +
                    src("firmware/kernels/tensorcore/gemm_fp16.s") +
                    " --shape M=128,N=256,K=200 --cores 1 --check");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto& l = r.report["launch"];
  REQUIRE(l["tile_m"] == 128);
  REQUIRE(l["tile_n"] == 256);
  CHECK(l["occupancy"]["regs"]["per_thread"] == 168);  // 128 accumulators + 40
  CHECK(l["occupancy"]["regs"]["per_cta"] == 64512);
  CHECK(l["occupancy"]["warps_per_cta"] == 12);
  CHECK(l["occupancy"]["ctas_per_sm"] == 1);
}

}  // namespace npu::test
