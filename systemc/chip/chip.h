// A chip: N cores + the shared memory system + the block scheduler + the clock. The testbench
// allocates GM tensors, binds the kernel's parameters by name, launches, and reads results back.
// One Chip per process (SystemC elaborates once).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <systemc>
#include <vector>

#include "chip/kernel.h"
#include "core/cross_flags.h"
#include "power/power_model.h"
#include "power/power_monitor.h"

namespace npu::model {

class AiCore;
class SmCore;
class ClusterGroup;

struct EngineStats {
  uint64_t instructions = 0;
  double busy_cycles = 0;        // summed over cores, flag waits excluded
  double flag_wait_cycles = 0;   // summed over cores
  double mem_stall_cycles = 0;   // part of busy: transfers slowed by shared bandwidth / latency
  double queue_full_cycles = 0;  // the control thread waited for room in this pipe's queue
};

struct RunResult {
  bool completed = false;
  std::optional<Fault> fault;
  uint64_t cycles = 0;
  double seconds = 0;
  double freq_mhz = 0;
  uint64_t scalar_instructions = 0;
  uint64_t engine_instructions = 0;
  uint64_t delta_cycles = 0;
  std::map<std::string, EngineStats> engines;
  uint64_t l2_bytes = 0, hbm_bytes = 0, l2_hit_bytes = 0, l2_miss_bytes = 0;
  std::map<std::string, uint64_t> buffer_bytes;  // per local buffer (L1, L0A, ...), all cores
  uint32_t cores_used = 0;
  uint32_t cores_total = 0;
  uint64_t ub_bank_conflicts = 0;  // extra UB accesses the V pipe paid for (ub_banks.h)
  // transfers that waited for another core's request to the same L2 line, and the cycles waited
  uint64_t same_line_waits = 0;
  double same_line_cycles = 0;
  // Activity totals a power observer reads (tensor-core chips: MACs by dtype, bytes per level).
  std::map<std::string, uint64_t> activity;
  double active_core_seconds = 0;  // summed over cores: time spent running blocks
  std::vector<PowerSample> power;  // one per power.governor.window; empty without a power model
};

class Chip : public sc_core::sc_module {
 public:
  Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, const as::Image& image,
       double freq_mhz, uint32_t cores, RunOptions opts);
  ~Chip() override;

  GlobalMemory& gm() { return m_gm; }
  const config::ChipConfig& config() const { return m_cfg; }
  // Parameter binding by name (as declared with .param). Returns an error text or empty.
  std::string bind(const std::string& name, uint64_t value);
  std::vector<std::string> unbound_params() const;
  void set_block_dim(uint32_t blocks);
  uint32_t block_dim() const { return m_launch.block_dim; }
  // Tensor-core chips: the host's per-CTA claims, each present field replacing the kernel's
  // directive (as a CUDA launch sets dynamic SMEM; a host .regs or .rf replaces the kernel's
  // register claim, whichever it declared), and the occupancy they give (ctas_per_sm 0
  // and an error sentence when a CTA cannot fit an SM even alone). Call before run().
  void set_cta_resources(const as::CtaDeclaration& host);
  const config::Occupancy& occupancy() const { return m_launch.occupancy; }
  // Thread-block clusters (tensor-core chips, tensorcore/cluster.h): CTAs per cluster (1: none).
  // The launch is checked by launch_error() (and again by run(), which throws on it).
  void set_cluster_dim(uint32_t cluster) { m_cluster_dim = cluster; }
  uint32_t cluster_dim() const { return m_cluster_dim; }
  // Why the launch (grid, cluster size, SMs) cannot run, or empty.
  std::string launch_error() const;
  const Clock& clock() const { return m_clock; }
  // Every control thread's core: one per core when coupled, AIC + AIVs per core when split.
  std::vector<AiCore*> cores();  // empty on a tensor-core chip
  std::vector<SmCore*> sms();    // a tensor-core chip's SMs (empty on DaVinci)
  MemorySystem& memory() { return *m_mem; }
  // Cumulative activity counters now (the power model's input); nullptr monitor without a
  // power section in the chip YAML.
  power::Activity activity_now() const;
  PowerMonitor* power_monitor() { return m_power.get(); }

  // Simulate the launch to completion, a fault, or the cycle budget.
  RunResult run();

 private:
  const config::ChipConfig& m_cfg;  // the caller's: it must outlive the chip
  RunOptions m_opts;
  Clock m_clock;
  GlobalMemory m_gm;
  std::unique_ptr<MemorySystem> m_mem;
  FaultSink m_faults;
  KernelLaunch m_launch;
  std::vector<bool> m_bound;
  std::unique_ptr<BlockScheduler> m_blocks;
  std::vector<std::unique_ptr<CoreBlocks>> m_core_blocks;  // one per core
  CrossCoreFlags m_ffts;
  std::vector<std::unique_ptr<AiCore>> m_cores;
  std::unique_ptr<PowerMonitor> m_power;
  std::vector<std::unique_ptr<SmCore>> m_sms;  // chip.family tensorcore
  uint32_t m_cluster_dim = 1;
  BlockScheduler m_no_blocks{0};  // SMs outside every cluster group take nothing
  std::vector<std::unique_ptr<ClusterGroup>> m_groups;
  void form_clusters();
};

}  // namespace npu::model
