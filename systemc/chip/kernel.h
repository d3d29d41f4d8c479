// What a kernel launch hands every core: the decoded firmware, the parameter block, the grid, and
// the shared services (GM, memory system, fault sink, block scheduler).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "asm/image.h"
#include "common/clock.h"
#include "common/fault.h"
#include "config/chip_config.h"
#include "isa/isa.h"
#include "mem/global_memory.h"
#include "mem/memory_system.h"

namespace npu::model {

struct RunOptions {
  bool timing_only = false;
  uint64_t max_cycles = 20'000'000'000ull;  // simulated cycle budget for the whole run
  uint64_t max_instructions = 2'000'000'000ull;  // scalar instructions per core
};

struct KernelLaunch {
  const as::Image* image = nullptr;
  std::vector<isa::Inst> code;     // decoded once
  std::vector<uint64_t> params;    // parameter block, in .param order
  uint32_t block_dim = 1;
};

class BlockScheduler {
 public:
  explicit BlockScheduler(uint32_t blocks) : m_blocks(blocks) {}
  std::optional<uint32_t> next() {
    if (m_next >= m_blocks) return std::nullopt;
    return m_next++;
  }
  uint32_t dispatched() const { return m_next; }

 private:
  uint32_t m_blocks;
  uint32_t m_next = 0;
};

struct CoreEnv {
  const config::ChipConfig& cfg;
  const Clock& clock;
  GlobalMemory& gm;
  MemorySystem& mem;
  FaultSink& faults;
  const KernelLaunch& launch;
  BlockScheduler& blocks;
  RunOptions opts;
};

}  // namespace npu::model
