// Shared by the timing-contract tests: build a 1-core chip in-process from assembler text and
// run it. Each TEST_CASE runs in its own process (SystemC elaborates once per process).
#pragma once

#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "asm/assembler.h"
#include "chip/chip.h"
#include "config/chip_config.h"

namespace npu::test {

inline config::ChipConfig load_config(const std::string& name) {
  auto r = config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/" + name);
  REQUIRE(r.ok());
  return r.config;
}

// The chip of the latest run_one (its GM stays readable after the run).
inline model::Chip* g_last_chip = nullptr;

// Runs `body` (after a `.target TARGET / .kernel t / .param A ptr` header) on one core of cfg
// with a 1 MiB GM tensor bound to A; `fill` may write GM before the run.
inline model::RunResult run_one(const config::ChipConfig& cfg, const std::string& body,
                                const std::string& target = "davinci",
                                const std::function<void(uint8_t* gm_a)>& fill = {}) {
  static as::AsmResult asm_result;  // outlives the chip (SystemC objects are never freed)
  asm_result =
      as::assemble_source(".target " + target + "\n.kernel t\n.param A ptr\n" + body, "t.s");
  INFO(body);
  REQUIRE(asm_result.image);
  auto* chip = new model::Chip("chip", cfg, *asm_result.image, cfg.freq_mhz, 1, {});
  g_last_chip = chip;
  const uint64_t a = chip->gm().allocate("A", 1 << 20);
  REQUIRE(chip->bind("A", a).empty());
  if (fill) fill(chip->gm().data(a, 1 << 20));
  return chip->run();
}

}  // namespace npu::test
