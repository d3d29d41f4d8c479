// The SM's LSU (systemc/tensorcore/sm_lsu.cpp): a warp's global access costs the 32 B sectors it
// touches (coalesced 32 x 4 B = 4 sectors, a 128 B lane stride = 32 sectors) at sm.lsu.port, a
// load's data arrives sm.lsu.latency (+ miss_latency) later; shared accesses cost their bytes at
// sm.smem.bandwidth per warp; misaligned or out-of-range accesses fault. And the scaled epilogue
// reads C_in only when beta != 0. Each TEST_CASE runs in its own process (SystemC elaborates
// once) on a 1-SM H100 built from assembler text.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "run_one.h"

namespace {

using npu::model::RunResult;
using npu::test::load_config;

// One LSU instruction `op` (x2 = RF/SMEM side, x1 = A or SMEM address) after 6 set-up
// instructions, then halt.
RunResult lsu_run(const std::string& op, uint64_t width, uint64_t stride, uint64_t lanes,
                  const std::function<void(uint8_t*)>& fill = {}) {
  const std::string body = "ldp x1, A\nli x2, 0\nli x3, " + std::to_string(width) + "\nli x4, " +
                           std::to_string(stride) + "\nli x5, " + std::to_string(lanes) +
                           "\nli x6, 0\n" + op + "\nhalt\n";
  return npu::test::run_one(load_config("h100-sxm5.yaml"), body, "tensorcore", fill);
}

// The cycles of a run of n instructions that waits for nothing.
double overhead(const npu::config::ChipConfig& cfg, int n) {
  return cfg.launch_cycles + cfg.block_dispatch_cycles + n * cfg.sm.scalar_cycles_per_instr;
}

}  // namespace

TEST_CASE("a coalesced warp load moves 4 sectors and waits for the L2/HBM latency",
          "[model][tensorcore][lsu]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const RunResult r = lsu_run("ld.global x2, x1, x3, x4, x5", 4, 4, 32);
  REQUIRE(r.completed);
  CHECK(r.engines.at("LSU").instructions == 1);
  CHECK(r.l2_bytes == 128);  // 32 lanes x 4 B in 4 sectors
  // 6 set-up instructions, the load (issue, 128 B at the port, latency of a cold miss), halt
  const double expected = overhead(cfg, 7) + cfg.sm.lsu_issue_cycles +
                          128 / cfg.sm.lsu_port_bytes_per_cycle + cfg.sm.lsu_latency_cycles +
                          cfg.sm.lsu_miss_latency_cycles + cfg.sm.scalar_cycles_per_instr;
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 3);
}

TEST_CASE("a 128-byte lane stride moves 32 sectors: 8x the traffic of the coalesced load",
          "[model][tensorcore][lsu]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const RunResult r = lsu_run("ld.global x2, x1, x3, x4, x5", 4, 128, 32);
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 32 * 32);
  const double expected = overhead(cfg, 7) + cfg.sm.lsu_issue_cycles +
                          1024 / cfg.sm.lsu_port_bytes_per_cycle + cfg.sm.lsu_latency_cycles +
                          cfg.sm.lsu_miss_latency_cycles + cfg.sm.scalar_cycles_per_instr;
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 3);
}

TEST_CASE("eight warps of 16-byte lanes: one issue per warp, every sector once",
          "[model][tensorcore][lsu]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const RunResult r = lsu_run("st.global x1, x2, x3, x4, x5", 16, 16, 256);
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 4096);
  // a store waits for its bytes to leave, not for a latency
  const double expected = overhead(cfg, 7) + 8 * cfg.sm.lsu_issue_cycles +
                          4096 / cfg.sm.lsu_port_bytes_per_cycle + cfg.sm.scalar_cycles_per_instr;
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 3);
}

TEST_CASE("lanes on one address (stride 0) share one sector per warp", "[model][tensorcore][lsu]") {
  const RunResult r = lsu_run("ld.global x2, x1, x3, x4, x5", 8, 0, 64);
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 2 * 32);  // two warps, each its own fetch of the sector
}

TEST_CASE("shared loads cost their bytes at the SMEM rate plus the SMEM latency",
          "[model][tensorcore][lsu]") {
  const auto cfg = load_config("h100-sxm5.yaml");
  const RunResult r = lsu_run("ld.shared x2, x6, x3, x4, x5", 16, 16, 64);
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 0);
  // two warps of 512 B at 128 B/cycle, then the latency
  const double expected = overhead(cfg, 7) + 2 * cfg.sm.lsu_issue_cycles +
                          1024 / cfg.sm.smem_bytes_per_cycle + cfg.sm.lsu_smem_latency_cycles +
                          cfg.sm.scalar_cycles_per_instr;
  CHECK(std::abs(static_cast<double>(r.cycles) - expected) <= 3);
}

TEST_CASE("LSU round trip: a strided gather, through SMEM, scattered back to GM",
          "[model][tensorcore][lsu]") {
  uint8_t* gm = nullptr;
  // gather 40 4-byte words at a 12-byte stride from A, store them to SMEM at a 4-byte stride,
  // read them back with 8-byte lanes and write them contiguously at A + 64 KiB
  const std::string body = R"(ldp x1, A
li x2, 0
li x3, 4
li x4, 12
li x5, 40
ld.global x2, x1, x3, x4, x5
li x6, 256
st.shared x6, x2, x3, x3, x5
li x7, 8
li x8, 20
li x9, 1024
ld.shared x9, x6, x7, x7, x8
li x10, 65536
add x10, x10, x1
st.global x10, x9, x7, x7, x8
halt
)";
  const RunResult r =
      npu::test::run_one(load_config("h100-sxm5.yaml"), body, "tensorcore", [&](uint8_t* a) {
        gm = a;
        for (int i = 0; i < 4096; ++i) a[i] = static_cast<uint8_t>(i * 7 + 3);
      });
  REQUIRE(r.completed);
  CHECK(r.engines.at("LSU").instructions == 4);
  for (int i = 0; i < 40; ++i) {
    INFO(i);
    CHECK(std::memcmp(gm + 65536 + i * 4, gm + i * 12, 4) == 0);
  }
}

TEST_CASE("a global load not aligned to its width faults", "[model][tensorcore][lsu]") {
  const RunResult r = lsu_run("addi x1, x1, 4\nld.global x2, x1, x3, x4, x5", 8, 8, 32);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kBufferAlign);
  CHECK(r.fault->thread == "LSU");
  CHECK(r.fault->message.find("not aligned to the 8-byte width") != std::string::npos);
}

TEST_CASE("a lane stride not a multiple of the width faults", "[model][tensorcore][lsu]") {
  const RunResult r = lsu_run("ld.global x2, x1, x3, x4, x5", 4, 6, 32);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kBufferAlign);
}

TEST_CASE("a width other than 1, 2, 4, 8, 16 faults", "[model][tensorcore][lsu]") {
  const RunResult r = lsu_run("ld.global x2, x1, x3, x4, x5", 32, 32, 32);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kShape);
  CHECK(r.fault->message.find("width 32") != std::string::npos);
}

TEST_CASE("a global access past its allocation faults", "[model][tensorcore][lsu]") {
  // 1 MiB / 4 KiB stride = 256 lanes fit; the 257th is outside
  const RunResult r = lsu_run("ld.global x2, x1, x3, x4, x5", 4, 4096, 257);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kGmRange);
}

TEST_CASE("a shared access past SMEM faults", "[model][tensorcore][lsu]") {
  const RunResult r = lsu_run("li x6, 233344\nst.shared x6, x2, x3, x4, x5", 16, 16, 32);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kBufferRange);
  CHECK(r.fault->message.find("overflows SMEM") != std::string::npos);
}

TEST_CASE("an RF footprint past the register file faults", "[model][tensorcore][lsu]") {
  const RunResult r = lsu_run("li x2, 262140\nld.global x2, x1, x3, x4, x5", 4, 4, 32);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kBufferRange);
  CHECK(r.fault->message.find("RF") != std::string::npos);
}

// The scaled epilogue on a 64 x 64 FP32 accumulator tile stored to A as FP16: beta = 0 moves only
// the store's bytes through the L2, beta = 1 also reads C_in.
uint64_t epilogue_l2_bytes(const char* beta_bits) {
  // epi.scale's register: alpha = 1.0 in bits 31:0, beta in bits 63:32
  const std::string body = std::string("ldp x1, A\nli x2, 1065353216\nli x3, ") + beta_bits +
                           "\nshli x3, x3, 32\nor x3, x3, x2\nepi.scale x3\nli x4, 64\n"
                           "epi.ab.f16 x1, x0, x4, x4, x4, x4\nhalt\n";
  const RunResult r = npu::test::run_one(load_config("h100-sxm5.yaml"), body, "tensorcore");
  REQUIRE(r.completed);
  CHECK(r.engines.at("SIMT").instructions == 1);
  return r.l2_bytes;
}

TEST_CASE("epi.ab with beta = 0 does not read C", "[model][tensorcore][epilogue]") {
  CHECK(epilogue_l2_bytes("0") == 64 * 64 * 2);
}

TEST_CASE("epi.ab with beta = -0.0 does not read C either", "[model][tensorcore][epilogue]") {
  CHECK(epilogue_l2_bytes("2147483648") == 64 * 64 * 2);
}

TEST_CASE("epi.ab with beta = 1 reads C_in and writes C", "[model][tensorcore][epilogue]") {
  CHECK(epilogue_l2_bytes("1065353216") == 2 * 64 * 64 * 2);
}
