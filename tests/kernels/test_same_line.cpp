// Same-L2-line serialisation at kernel level (DESIGN section 12): the cores of a GEMM read the
// same B panels (a broadcast operand), so some of their transfers start on a line another
// core is requesting and wait for it (report `same_line`); an elementwise kernel whose cores read
// disjoint slices never waits; with core.gm_port.same_line set to 0 nothing waits.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

TEST_CASE("GEMM cores reading a shared operand wait on the same L2 lines",
          "[kernels][memory][same_line]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                  " --shape M=1024,N=1024,K=1024 --timing-only");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["same_line"]["waits"].get<uint64_t>() > 0);
  CHECK(r.report["same_line"]["cycles"].get<double>() >=
        4.0 * r.report["same_line"]["waits"].get<double>());  // seed: 4 cycles per request ahead
}

TEST_CASE("without same-line serialisation the GEMM's cores never wait for each other",
          "[kernels][memory][same_line]") {
  auto r =
      npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
             " --shape M=1024,N=1024,K=1024 --timing-only --set core.gm_port.same_line=0cycles");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["same_line"]["waits"].get<uint64_t>() == 0);
}

TEST_CASE("cores streaming disjoint slices never wait on a shared L2 line",
          "[kernels][memory][same_line]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("eltwise_fp16") +
                  " --workload eltwise --shape L=1048576,OP=add --timing-only");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["same_line"]["waits"].get<uint64_t>() == 0);
}
