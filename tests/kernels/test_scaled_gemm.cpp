// GEMM with cuBLAS's output scaling on the tensor-core chip, end to end through the CLI:
// C = ALPHA x A x B + BETA x C_in checked bit for bit on odd shapes (FP16 / FP32 out, INT8
// requantised with SCALE and BETA), C_in from --input, BETA = 0 never reading C, the INT8 output
// equal to the DaVinci kernel's (one golden for both chips), and bad values rejected with exit 1.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "run_npuemu.h"
#include "util/npy.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

const std::string kH100 = "--arch " + src("configs/h100-sxm5.yaml");
std::string tc_kernel(const std::string& name) {
  return " --kernel " + src("firmware/kernels/tensorcore/" + name + ".s");
}

}  // namespace

TEST_CASE("tensor-core FP16 GEMM with ALPHA and BETA passes --check on odd shapes",
          "[kernels][tensorcore][scaled]") {
  for (const char* out : {"fp16", "fp32"}) {
    for (const char* sh : {"M=130,N=72,K=50,ALPHA=-0.75,BETA=0.5", "M=65,N=264,K=17,BETA=1",
                           "M=33,N=40,K=70,ALPHA=0,BETA=-3", "M=70,N=24,K=33,ALPHA=1e4,BETA=1e4"}) {
      INFO(out << " " << sh);
      auto r = npuemu("run " + kH100 + tc_kernel("gemm_fp16") + " --shape " + sh + " --out-dtype " +
                      out + " --check --cores 4");
      CHECK(r.exit_code == 0);
      CHECK(r.report["check"]["status"] == "pass");
    }
  }
}

TEST_CASE("the decode kernel gemv_fp16.s scales too (y = alpha W x + beta y)",
          "[kernels][tensorcore][scaled]") {
  for (const char* sh : {"M=1,N=130,K=70,ALPHA=0.25,BETA=-0.5", "M=3,N=300,K=200,BETA=1"}) {
    INFO(sh);
    auto r = npuemu("run " + kH100 + tc_kernel("gemv_fp16") + " --check --cores 4 --shape " + sh);
    CHECK(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
  }
}

TEST_CASE("tensor-core INT8 GEMM requantises with SCALE and adds BETA x C",
          "[kernels][tensorcore][scaled]") {
  for (const char* sh : {"M=100,N=72,K=150,SCALE=0.003,BETA=0.5", "M=65,N=40,K=33,SCALE=0,BETA=-1",
                         "M=65,N=40,K=33,SCALE=0.01"}) {
    INFO(sh);
    auto r = npuemu("run " + kH100 + tc_kernel("gemm_int8") +
                    " --dtype int8 --out-dtype int8 --check --cores 4 --shape " + sh);
    CHECK(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
  }
}

TEST_CASE("INT8 requantised output is the same on both chips", "[kernels][tensorcore][scaled]") {
  const auto dir = npu::test::scratch_dir();
  const std::string shape = " --shape M=70,N=50,K=90,SCALE=0.004 --seed 5";
  const std::string tc = (dir / "c_tc.npy").string(), dv = (dir / "c_dv.npy").string();
  auto a = npuemu("run " + kH100 + tc_kernel("gemm_int8") +
                  " --dtype int8 --out-dtype int8 --check" + shape + " --output C=" + tc);
  auto b = npuemu("run --arch " + npu::test::seed_chip() + " --kernel " +
                  npu::test::kernel("gemm_int8") + " --dtype int8 --out-dtype int8 --check" +
                  shape + " --output C=" + dv);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(npu::test::slurp(tc) == npu::test::slurp(dv));
  CHECK(npu::test::slurp(tc).size() > 70 * 50);
}

TEST_CASE("C_in from --input C is scaled by BETA", "[kernels][tensorcore][scaled]") {
  const auto dir = npu::test::scratch_dir();
  const std::string c_path = (dir / "c_in.npy").string(), out = (dir / "c_out.npy").string();
  std::vector<uint16_t> c(40 * 24, 0x4000);  // 2.0
  REQUIRE(npu::tb::write_npy(c_path, "<f2", {40, 24},
                             {reinterpret_cast<const uint8_t*>(c.data()), c.size() * 2})
              .empty());
  // ALPHA = 0: C = BETA x C_in = -1.5 x 2 = -3.0 (FP16 0xc200) everywhere
  auto r =
      npuemu("run " + kH100 + tc_kernel("gemm_fp16") + " --shape M=40,N=24,K=16,ALPHA=0,BETA=-1.5" +
             " --input C=" + c_path + " --check --output C=" + out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["check"]["status"] == "pass");
  const std::string bytes = npu::test::slurp(out);
  REQUIRE(bytes.size() >= 40 * 24 * 2);
  uint16_t last = 0;
  std::memcpy(&last, bytes.data() + bytes.size() - 2, 2);
  CHECK(last == 0xc200);
}

TEST_CASE("BETA = 0 reads no C: same cycles as the plain GEMM; BETA = 1 reads it",
          "[kernels][tensorcore][scaled]") {
  const std::string base =
      kH100 + tc_kernel("gemm_fp16") + " --timing-only --cores 8 --shape " + "M=512,N=512,K=256";
  auto plain = npuemu("run " + base);
  auto zero = npuemu("run " + base + ",ALPHA=2,BETA=0");
  auto one = npuemu("run " + base + ",BETA=1");
  REQUIRE(plain.exit_code == 0);
  REQUIRE(zero.exit_code == 0);
  REQUIRE(one.exit_code == 0);
  CHECK(zero.report["cycles"] == plain.report["cycles"]);
  CHECK(zero.report["activity"]["epi_load_bytes"] == 0);
  CHECK(one.report["activity"]["epi_load_bytes"] == 512 * 512 * 2);
  CHECK(one.report["cycles"].get<uint64_t>() > plain.report["cycles"].get<uint64_t>());
}

TEST_CASE("bad ALPHA / BETA / C_in give exit 1 and say why", "[kernels][tensorcore][scaled]") {
  struct Bad {
    std::string args, words;
  };
  const std::string fp16 = kH100 + tc_kernel("gemm_fp16") + " --shape M=8,N=8,K=8";
  const Bad cases[] = {
      {fp16 + ",ALPHA=abc", "ALPHA='abc' is not a number"},
      {fp16 + ",BETA=inf", "is not a finite FP32 value"},
      {fp16 + ",ALPHA=1e39", "is not a finite FP32 value"},
      {fp16 + " --input C=/nonexistent.npy", "C_in is read only with BETA != 0"},
      {fp16 + ",BETA=1 --input C=/nonexistent.npy", "--input C=/nonexistent.npy"},
      {kH100 + tc_kernel("gemm_int8") + " --dtype int8 --shape M=8,N=8,K=8,BETA=1",
       "int32 output is not scaled"},
      {kH100 + tc_kernel("gemm_int8") +
           " --dtype int8 --out-dtype int8 --shape M=8,N=8,K=8,SCALE=1,ALPHA=2",
       "int8 inputs scale with SCALE"},
      {"--arch " + npu::test::seed_chip() + " --kernel " + npu::test::kernel("gemm_fp16") +
           " --shape M=8,N=8,K=8,BETA=1",
       "the kernel has no BETA parameter"},
  };
  for (const Bad& b : cases) {
    INFO(b.args);
    auto r = npuemu("run " + b.args);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(b.words) != std::string::npos);
  }
}
