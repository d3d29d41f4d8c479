// `npuemu run --threads N`: the functional arithmetic on worker threads gives the same output
// bits and the same cycles as one thread (FP16 and INT8 GEMMs, edge values in the inputs, shapes
// with partial tiles), passes the golden check, is reported, and a bad count is a usage error.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::scratch_dir;
using npu::test::seed_chip;
using npu::test::slurp;

TEST_CASE("npuemu run --threads changes neither the output bits nor the cycles",
          "[kernels][threads]") {
  const std::string fp16 = "--kernel " + kernel("gemm_fp16") + " --shape M=300,N=270,K=200";
  const std::string int8 = "--kernel " + kernel("gemm_int8") +
                           " --dtype int8 --out-dtype int32 --shape M=300,N=270,K=200";
  for (const std::string& k : {fp16, int8}) {
    std::string first;
    uint64_t cycles = 0;
    for (int threads : {1, 2, 3}) {
      const auto out = scratch_dir() / ("threads_" + std::to_string(threads) + ".npy");
      INFO(k << " --threads " << threads);
      auto r = npuemu("run --arch " + seed_chip() + " " + k + " --cores 2 --check --threads " +
                      std::to_string(threads) + " --output C=" + out.string());
      REQUIRE(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
      CHECK(r.report["sim"]["threads"] == threads);
      CHECK(r.report["sim"]["cpu_s"].get<double>() > 0);
      const std::string bits = slurp(out);
      REQUIRE(bits.size() > 300 * 270);
      if (threads == 1) {
        first = bits;
        cycles = r.report["cycles"].get<uint64_t>();
      } else {
        CHECK(bits == first);
        CHECK(r.report["cycles"].get<uint64_t>() == cycles);
      }
    }
  }
}

TEST_CASE("npuemu run --threads outside 1..256 is a usage error", "[kernels][threads]") {
  for (const char* bad : {"0", "257"}) {
    auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                    " --shape M=16,N=16,K=16 --threads " + bad);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("--threads") != std::string::npos);
  }
}
