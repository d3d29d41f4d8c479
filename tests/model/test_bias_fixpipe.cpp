// The AIC's bias table (BT) and fixpipe buffer (FB) on the 910B2 (davinci.md 1.3; ISA.md "BT and
// FB"): an INT8 MMAD starting from a per-column INT32 bias in BT, requantised to INT8 with a
// per-channel FP32 scale from FB, against a golden computed here; capacity and presence faults.
// Each TEST_CASE is one run (one SystemC elaboration per process).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "func/fp16.h"
#include "run_one.h"

namespace {

using npu::test::load_config;

constexpr int kM = 16, kK = 32, kN = 16;
// GM layout inside tensor A (1 MiB)
constexpr uint64_t kGmA = 0, kGmB = 4096, kGmBias = 8192, kGmScale = 12288, kGmOut = 16384;

// Loads A [16 x 32], B [32 x 16] (INT8), the bias (16 x INT32) and scales (16 x FP32) into L1;
// the 64-byte vectors go through nd2nz.s8 as 2 rows x 32 bytes, which NZ keeps contiguous.
// `bt` / `fb`: BT / FB byte addresses the kernel uses.
std::string program(uint64_t bt, uint64_t bt_mmad, uint64_t fb) {
  return fmt::format(R"(
    ldp x2, A
    li x10, 0
    li x11, 16384
    li x12, 32768
    li x13, 36864
    li x3, 16
    li x4, 32
    li x5, 16
    li x7, 2
    nd2nz.s8 x10, x2, x3, x4, x4
    addi x6, x2, {gb}
    nd2nz.s8 x11, x6, x4, x5, x5
    addi x6, x2, {gbias}
    nd2nz.s8 x12, x6, x7, x4, x4
    addi x6, x2, {gscale}
    nd2nz.s8 x13, x6, x7, x4, x4
    set_flag MTE2, MTE1, 0
    set_flag MTE2, FIX, 0
    wait_flag MTE2, MTE1, 0
    li x14, {bt}
    li x15, {fb}
    li x8, 64
    li x9, 0
    load_bt x14, x12, x8
    load_l0a.s8 x9, x10, x3, x4, x3
    load_l0b.s8 x9, x11, x4, x5, x4
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    li x16, {bt_mmad}
    shli x16, x16, 32
    or x16, x16, x5
    mmad.bias.s8 x9, x9, x9, x3, x4, x16
    set_flag M, FIX, 0
    wait_flag MTE2, FIX, 0
    load_fb x15, x13, x8
    wait_flag M, FIX, 0
    addi x6, x2, {gout}
    fix.s8.fb x6, x9, x3, x5, x5, x15
    halt
)",
                     fmt::arg("gb", kGmB), fmt::arg("gbias", kGmBias), fmt::arg("gscale", kGmScale),
                     fmt::arg("gout", kGmOut), fmt::arg("bt", bt), fmt::arg("bt_mmad", bt_mmad),
                     fmt::arg("fb", fb));
}

struct Run {
  npu::model::RunResult result;
  std::vector<int8_t> out, golden;
};

Run run(const std::string& config, uint64_t bt, uint64_t bt_mmad, uint64_t fb) {
  auto cfg = load_config(config);
  static npu::as::AsmResult asm_result;  // outlives the chip (SystemC objects are never freed)
  asm_result = npu::as::assemble_source(
      ".target davinci\n.kernel t\n.param A ptr\n" + program(bt, bt_mmad, fb), "t.s");
  REQUIRE(asm_result.image);
  auto* chip = new npu::model::Chip("chip", cfg, *asm_result.image, cfg.freq_mhz, 1, {});
  const uint64_t base = chip->gm().allocate("A", 1 << 20);
  REQUIRE(chip->bind("A", base).empty());
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> small(-8, 8), wide(-1000, 1000);
  std::uniform_real_distribution<float> scale(0.005f, 0.06f);
  int8_t a[kM][kK], b[kK][kN];
  int32_t bias[kN];
  float scales[kN];
  for (auto& row : a)
    for (auto& x : row) x = static_cast<int8_t>(small(rng));
  for (auto& row : b)
    for (auto& x : row) x = static_cast<int8_t>(small(rng));
  for (auto& x : bias) x = wide(rng);
  for (auto& x : scales) x = scale(rng);
  std::memcpy(chip->gm().data(base + kGmA, sizeof a), a, sizeof a);
  std::memcpy(chip->gm().data(base + kGmB, sizeof b), b, sizeof b);
  std::memcpy(chip->gm().data(base + kGmBias, sizeof bias), bias, sizeof bias);
  std::memcpy(chip->gm().data(base + kGmScale, sizeof scales), scales, sizeof scales);
  Run r;
  r.result = chip->run();
  if (!r.result.completed) return r;
  const int8_t* out = reinterpret_cast<const int8_t*>(chip->gm().data(base + kGmOut, kM * kN));
  r.out.assign(out, out + kM * kN);
  for (int i = 0; i < kM; ++i) {
    for (int j = 0; j < kN; ++j) {
      int32_t acc = bias[j];
      for (int k = 0; k < kK; ++k) acc += a[i][k] * b[k][j];
      // |acc| < 2^24: float(acc) exact; one FP32 multiply, ties-to-even, saturate
      const float p = static_cast<float>(acc) * scales[j];
      const float q = std::nearbyint(p);
      r.golden.push_back(static_cast<int8_t>(std::clamp(q, -128.0f, 127.0f)));
    }
  }
  return r;
}

}  // namespace

TEST_CASE("an INT8 MMAD with BT bias and FB per-channel scales matches the golden",
          "[model][bt][fb]") {
  Run r = run("ascend910b2.yaml", 128, 128, 256);
  REQUIRE(r.result.completed);
  CHECK(r.out == r.golden);
  // not trivially saturated: the per-channel scales leave values inside the INT8 range
  CHECK(std::count_if(r.out.begin(), r.out.end(), [](int8_t v) { return v > -128 && v < 127; }) >
        kM * kN / 2);
}

namespace {

// FP16: C[16 x 16] FP32 = bias + A[16 x 16] x B[16 x 16], written out by fix.f32.
std::string program_f16() {
  return fmt::format(R"(
    ldp x2, A
    li x10, 0
    li x11, 16384
    li x12, 32768
    li x3, 16
    li x7, 2
    nd2nz.f16 x10, x2, x3, x3, x3
    addi x6, x2, {gb}
    nd2nz.f16 x11, x6, x3, x3, x3
    addi x6, x2, {gbias}
    nd2nz.f16 x12, x6, x7, x3, x3
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
    li x8, 64
    li x9, 0
    load_bt x9, x12, x8
    load_l0a.f16 x9, x10, x3, x3, x3
    load_l0b.f16 x9, x11, x3, x3, x3
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    mmad.bias.f16 x9, x9, x9, x3, x3, x3
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    addi x6, x2, {gout}
    fix.f32 x6, x9, x3, x3, x3
    halt
)",
                     fmt::arg("gb", kGmB), fmt::arg("gbias", kGmBias), fmt::arg("gout", kGmOut));
}

}  // namespace

TEST_CASE("an FP16 MMAD starts from the BT bias and accumulates in ascending k", "[model][bt]") {
  auto cfg = load_config("ascend910b2.yaml");
  static npu::as::AsmResult asm_result;
  asm_result =
      npu::as::assemble_source(".target davinci\n.kernel t\n.param A ptr\n" + program_f16(), "t.s");
  REQUIRE(asm_result.image);
  auto* chip = new npu::model::Chip("chip", cfg, *asm_result.image, cfg.freq_mhz, 1, {});
  const uint64_t base = chip->gm().allocate("A", 1 << 20);
  REQUIRE(chip->bind("A", base).empty());
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> val(-2.0f, 2.0f);
  uint16_t a[16][16], b[16][16];
  float bias[16];
  for (auto& row : a)
    for (auto& x : row) x = npu::func::f32_to_f16(val(rng));
  for (auto& row : b)
    for (auto& x : row) x = npu::func::f32_to_f16(val(rng));
  for (auto& x : bias) x = val(rng) * 1000.0f;
  std::memcpy(chip->gm().data(base + kGmA, sizeof a), a, sizeof a);
  std::memcpy(chip->gm().data(base + kGmB, sizeof b), b, sizeof b);
  std::memcpy(chip->gm().data(base + kGmBias, sizeof bias), bias, sizeof bias);
  auto r = chip->run();
  REQUIRE(r.completed);
  const auto* out = reinterpret_cast<const float*>(chip->gm().data(base + kGmOut, 1024));
  int mismatches = 0;
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      float acc = bias[j];  // then ascending k, each FP16 x FP16 product exact in FP32
      for (int k = 0; k < 16; ++k) {
        acc = acc + npu::func::f16_to_f32(a[i][k]) * npu::func::f16_to_f32(b[k][j]);
      }
      if (std::memcmp(&acc, &out[i * 16 + j], 4) != 0) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("a bias vector that runs off the bias table is a fault", "[model][bt][fb]") {
  auto cfg = load_config("ascend910b2.yaml");
  Run r = run("ascend910b2.yaml", 0, cfg.core.bt.bytes, 0);  // the MMAD reads 64 B past the end
  REQUIRE(r.result.fault.has_value());
  CHECK(r.result.fault->kind == npu::model::FaultKind::kBufferRange);
  CHECK_THAT(r.result.fault->message, Catch::Contains("bias [0x400, 0x440) overflows BT"));
}

TEST_CASE("scales that run off the fixpipe buffer are a fault", "[model][bt][fb]") {
  auto cfg = load_config("ascend910b2.yaml");
  Run r = run("ascend910b2.yaml", 0, 0, cfg.core.fb.bytes);  // load_fb's 64 B start at the end
  REQUIRE(r.result.fault.has_value());
  CHECK(r.result.fault->kind == npu::model::FaultKind::kBufferRange);
  CHECK_THAT(r.result.fault->message, Catch::Contains("FB"));
}

TEST_CASE("a core without a bias table faults on load_bt", "[model][bt][fb]") {
  Run r = run("ascend910b-seed.yaml", 0, 0, 0);  // gen1: core.bt.size 0
  REQUIRE(r.result.fault.has_value());
  CHECK(r.result.fault->kind == npu::model::FaultKind::kIllegalInst);
  CHECK_THAT(r.result.fault->message, Catch::Contains("BT"));
}
