// Several resident CTAs per SM (tensor-core chip, one SM): slots run CTAs at the same time, a
// slot takes the next block as soon as its CTA finishes, and a CTA addressing past its window
// faults naming the CTA. Each TEST_CASE runs in its own process (SystemC elaborates once).
#include <catch2/catch.hpp>
#include <string>

#include "asm/assembler.h"
#include "chip/chip.h"
#include "config/chip_config.h"

namespace {

using npu::model::RunResult;

bool has_state(const RunResult& r, const std::string& text) {
  REQUIRE(r.fault);
  for (const std::string& s : r.fault->states) {
    if (s.find(text) != std::string::npos) return true;
  }
  return false;
}

// Runs `body` (each CTA: one role from pc 0, a 4 KiB GM tensor A) on one SM of the H100 config
// with CTAs claiming 100 KiB of SMEM (two per SM) and `grid` blocks, timing only.
RunResult run_sm(const std::string& body, uint32_t grid) {
  static npu::as::AsmResult asm_result;  // outlives the chip (SystemC objects are never freed)
  asm_result = npu::as::assemble_source(
      ".target tensorcore\n.kernel t\n.param A ptr\n.smem 100 * 1024\n.rf 0\n" + body, "t.s");
  INFO(body);
  REQUIRE(asm_result.image);
  static auto cfg =
      npu::config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/h100-sxm5.yaml");
  REQUIRE(cfg.ok());
  npu::model::RunOptions opts;
  opts.timing_only = true;
  auto* chip = new npu::model::Chip("chip", cfg.config, *asm_result.image, 1000, 1, opts);
  REQUIRE(chip->bind("A", chip->gm().allocate("A", 4096)).empty());
  chip->set_block_dim(grid);
  REQUIRE(chip->occupancy().ctas_per_sm == 2);
  return chip->run();
}

// Block 1 waits on an mbarrier nobody arrives on; every other block loads A through TMA and
// halts.
const char* kBlockOneHangs = R"(
    li x1, 0
    li x2, 1
    mbar.init x1, x2
    rsr x3, block_idx
    beq x3, x2, hang
    li x6, 4096
    mbar.arrive_tx x1, x6
    ldp x7, A
    tma.load x1, x7, x2, x6, x6, x1
    mbar.wait x1, x0
    halt
hang:
    mbar.wait x1, x0
    halt
)";

}  // namespace

TEST_CASE("two resident CTAs run at once; the free slot refills with the next blocks",
          "[model][occupancy]") {
  RunResult r = run_sm(kBlockOneHangs, 4);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kDeadlock);
  // block 1 holds slot 1 for good; slot 0 ran blocks 0, 2 and 3 meanwhile and finished
  CHECK(has_state(r, "sm 0 cta1: running block 1"));
  CHECK(has_state(r, "sm 0 role cta1.main: blocked in mbar.wait on mbarrier 0"));
  CHECK(has_state(r, "sm 0 cta: finished"));
}

TEST_CASE("a CTA addressing past its SMEM window faults naming the CTA", "[model][occupancy]") {
  // block 1's TMA box starts inside its 100 KiB window and ends past it
  RunResult r = run_sm(R"(
    li x1, 0
    li x2, 1
    mbar.init x1, x2
    rsr x3, block_idx
    li x6, 4096
    mbar.arrive_tx x1, x6
    ldp x7, A
    li x8, 100 * 1024 - 2048
    mul x8, x8, x3
    tma.load x8, x7, x2, x6, x6, x1
    mbar.wait x1, x0
    halt
)",
                       2);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == npu::model::FaultKind::kBufferRange);
  CHECK(r.fault->message.find("block 1 (CTA slot 1 of 2): destination") != std::string::npos);
  CHECK(r.fault->message.find("overflows the CTA's SMEM window (.smem) (102400 bytes)") !=
        std::string::npos);
}
