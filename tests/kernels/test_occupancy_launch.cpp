// Occupancy at launch on the H100 config: the report's launch section says how many CTAs an SM
// holds and what limits it; a CTA no SM can hold is refused before anything runs (exit 1); a CTA
// addressing past its declared SMEM window faults (exit 2).
#include <catch2/catch.hpp>
#include <string>

#include "kernel_variant.h"
#include "run_npuemu.h"

using npu::test::CliRun;
using npu::test::npuemu;
using npu::test::src;

namespace {

std::string h100() { return src("configs/h100-sxm5.yaml"); }

// copy.s with its .smem line replaced.
std::string copy_with_smem(const std::string& smem_line) {
  return npu::test::kernel_variant("tensorcore/copy.s", {{".smem STAGES * CHUNK", smem_line}},
                                   "copy_smem");
}

// Runs `args` on the H100 config with --check: it must succeed and pass.
CliRun run_checked(const std::string& args) {
  CliRun r = npuemu("run --arch " + h100() + " " + args + " --check");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["check"]["status"] == "pass");
  return r;
}

}  // namespace

TEST_CASE("the INT8 GEMM's 144 KiB ring keeps it at one CTA per SM, limited by SMEM",
          "[kernels][occupancy]") {
  CliRun r = run_checked("--kernel " + src("firmware/kernels/tensorcore/gemm_int8.s") +
                         " --dtype int8 --out-dtype int32 --shape M=256,N=512,K=256 --cores 4");
  const auto& o = r.report["launch"]["occupancy"];
  CHECK(o["ctas_per_sm"] == 1);
  CHECK(o["limit"] == "smem");
  CHECK(o["smem_window"] == 3 * (128 + 256) * 128);
  CHECK(o["limits"]["smem"]["per_cta"] == 3 * (128 + 256) * 128 + 1024);  // + the reservation
  CHECK(o["limits"]["rf"]["ctas"] == 1);  // 168 registers x 384 threads fill the RF too
  CHECK(r.out.find("occupancy 1 CTA/SM (limited by smem)") != std::string::npos);
}

TEST_CASE("the FP16 GEMM plan claims its tile's 4-stage ring: one CTA per SM, bit for bit",
          "[kernels][occupancy]") {
  CliRun r = run_checked("--kernel " + src("firmware/kernels/tensorcore/gemm_fp16.s") +
                         " --shape M=200,N=300,K=100 --cores 2");
  const auto& l = r.report["launch"];
  const uint64_t tm = l["tile_m"], tn = l["tile_n"];
  CHECK(l["occupancy"]["smem_window"] == 4 * (tm + tn) * 64 * 2);
  const uint64_t regs = l["occupancy"]["regs"]["per_thread"];  // the plan's (host_tiling.h)
  CHECK(regs >= tn / 2);                                       // the accumulators fit
  CHECK(l["occupancy"]["rf_window"] == (1 + tm / 64) * 4 * ((regs * 32 + 255) / 256 * 256) * 4);
  CHECK(l["occupancy"]["warps_per_cta"] == (1 + tm / 64) * 4);
  CHECK(l["occupancy"]["ctas_per_sm"] == 1);
}

TEST_CASE("a CTA that no SM can hold is refused before simulating (exit 1)",
          "[kernels][occupancy]") {
  CliRun r = npuemu("run --arch " + h100() + " --kernel " + copy_with_smem(".smem 228 * 1024") +
                    " --workload copy --shape BYTES=4096 --cores 2");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("copy: launch: a CTA needs 234496 bytes of shared memory") != std::string::npos);
  CHECK(r.err.find("cannot run even alone") != std::string::npos);
  CHECK(r.report.is_null());  // nothing ran
}

TEST_CASE("a CTA addressing past its SMEM window faults (exit 2)", "[kernels][occupancy]") {
  // stage 1 of the ring starts at 32 KiB: past a 32 KiB window
  CliRun r = npuemu("run --arch " + h100() + " --kernel " + copy_with_smem(".smem CHUNK") +
                    " --workload copy --shape BYTES=200000 --cores 1");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("overflows the CTA's SMEM window (.smem) (32768 bytes)") != std::string::npos);
  CHECK(r.report["launch"]["occupancy"]["ctas_per_sm"] == 6);
}
