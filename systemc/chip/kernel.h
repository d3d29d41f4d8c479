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
#include "config/sm_occupancy.h"
#include "isa/isa.h"
#include "mem/global_memory.h"
#include "mem/memory_system.h"

namespace npu::model {

class CubeBackend;  // davinci/cube_backend.h

struct RunOptions {
  bool timing_only = false;
  CubeBackend* cube = nullptr;  // MMADs go here instead of systemc/func (npuemu --cube rtl)
  uint64_t max_cycles = 20'000'000'000ull;  // simulated cycle budget for the whole run
  uint64_t max_instructions = 2'000'000'000ull;  // scalar instructions per core
  bool power_governor = false;  // --power-cap dynamic: the clock follows the power cap in the run
};

struct KernelLaunch {
  const as::Image* image = nullptr;
  std::vector<isa::Inst> code;     // decoded once
  std::vector<uint64_t> params;    // parameter block, in .param order
  uint32_t block_dim = 1;
  // Tensor-core chips: what one CTA claims (the image's .smem/.regs/.rf/.threads, overridden by the
  // host) and how many CTAs an SM holds at once (Chip::set_cta_resources).
  config::CtaResources cta;
  config::Occupancy occupancy;
};

class BlockScheduler {
 public:
  explicit BlockScheduler(uint32_t blocks) : m_blocks(blocks) {}
  std::optional<uint32_t> next() {
    if (m_next >= m_blocks) return std::nullopt;
    return m_next++;
  }
  uint32_t dispatched() const { return m_next; }
  void reset(uint32_t blocks) {
    m_blocks = blocks;
    m_next = 0;
  }

 private:
  uint32_t m_blocks;
  uint32_t m_next = 0;
};

// The blocks one core has taken, in order. The sub-cores of a split core each run every block of
// their core: whichever asks for its k-th block first takes it from the scheduler.
class CoreBlocks {
 public:
  explicit CoreBlocks(BlockScheduler& s) : m_sched(s) {}
  std::optional<uint32_t> block(size_t k) {
    while (m_taken.size() <= k) {
      auto b = m_sched.next();
      if (!b) return std::nullopt;
      m_taken.push_back(*b);
    }
    return m_taken[k];
  }

 private:
  BlockScheduler& m_sched;
  std::vector<uint32_t> m_taken;
};

class CrossCoreFlags;

struct CoreEnv {
  const config::ChipConfig& cfg;
  const Clock& clock;
  GlobalMemory& gm;
  MemorySystem& mem;
  FaultSink& faults;
  const KernelLaunch& launch;
  CoreBlocks& blocks;
  CrossCoreFlags& ffts;
  RunOptions opts;
};

}  // namespace npu::model
