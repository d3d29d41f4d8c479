// npuemu run --cube rtl: whole GEMM kernels with the Verilated RTL cube doing every MMAD must
// give the functional model's output bit for bit and its cycle count exactly (the RTL's measured
// cycles replace the model's charge, so any timing disagreement shows in the total). With the
// default edge-value inputs NaN results may carry another NaN's payload (which NaN an add of two
// NaNs returns is open in the contract and differs between func's own vectorised paths), so
// those must only both be NaN; without edge values every bit must match.
#include <catch2/catch.hpp>
#include <cstring>

#include "../kernels/run_npuemu.h"
#include "util/npy.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::scratch_dir;
using npu::test::seed_chip;

namespace {

void same_as_model(const std::string& k, const std::string& shape, const std::string& extra) {
  INFO(k << " " << shape << " " << extra);
  const auto dir = scratch_dir();
  const std::string base = "run --arch " + seed_chip() + " --kernel " + kernel(k) + " --shape " +
                           shape + " --check --cores 2 " + extra;
  auto model = npuemu(base + " --cube func --output C=" + (dir / "c_func.npy").string());
  auto rtl = npuemu(base + " --cube rtl --output C=" + (dir / "c_rtl.npy").string());
  REQUIRE(model.exit_code == 0);
  REQUIRE(rtl.exit_code == 0);
  CHECK(rtl.report["check"]["status"] == "pass");
  CHECK(rtl.out.find("0 cycle disagreements with the model") != std::string::npos);
  CHECK(rtl.report["cycles"].get<uint64_t>() == model.report["cycles"].get<uint64_t>());
  auto a = npu::tb::read_npy((dir / "c_func.npy").string());
  auto b = npu::tb::read_npy((dir / "c_rtl.npy").string());
  REQUIRE(a.array);
  REQUIRE(b.array);
  REQUIRE(a.array->dtype == b.array->dtype);
  REQUIRE(a.array->data.size() == b.array->data.size());
  const bool f16 = a.array->dtype == "<f2", s32 = a.array->dtype == "<i4";
  const size_t es = f16 ? 2 : 4;
  size_t differ = 0, nan_payload = 0;
  for (size_t i = 0; i < a.array->data.size(); i += es) {
    uint32_t x = 0, y = 0;
    std::memcpy(&x, a.array->data.data() + i, es);
    std::memcpy(&y, b.array->data.data() + i, es);
    if (x == y) continue;
    const bool both_nan = s32   ? false
                          : f16 ? (x & 0x7fff) > 0x7c00 && (y & 0x7fff) > 0x7c00
                                : (x & 0x7fffffff) > 0x7f800000 && (y & 0x7fffffff) > 0x7f800000;
    ++(both_nan ? nan_payload : differ);
  }
  INFO(nan_payload << " NaN results with another payload");
  CHECK(differ == 0);
  if (extra.find("--no-edge-values") != std::string::npos) CHECK(nan_payload == 0);
}

}  // namespace

TEST_CASE("npuemu --cube rtl: 64x64x64 FP16 GEMM gives the model's output and cycles", "[cosim]") {
  same_as_model("gemm_fp16", "M=64,N=64,K=64", "");
  same_as_model("gemm_fp16", "M=64,N=64,K=64", "--no-edge-values");
  same_as_model("gemm_fp16_naive", "M=64,N=64,K=64", "--no-edge-values --seed 5");
}

TEST_CASE("npuemu --cube rtl: streamed MMADs, K and edge tails, FP32 output", "[cosim]") {
  same_as_model("gemm_fp16", "M=40,N=72,K=200", "--out-dtype fp32 --seed 3");
  same_as_model("gemm_fp16", "M=40,N=72,K=200", "--out-dtype fp32 --no-edge-values");
}

TEST_CASE("npuemu --cube rtl is refused without data", "[cosim]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                  " --shape M=16,N=16,K=16 --cube rtl --timing-only");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--cube rtl needs data") != std::string::npos);
}

TEST_CASE("npuemu --cube rtl: INT8 GEMM (mmad.s8) gives the model's INT32 output and cycles",
          "[cosim]") {
  same_as_model("gemm_int8", "M=64,N=64,K=128", "--dtype int8 --out-dtype int32");
}
