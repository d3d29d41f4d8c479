// Chip configuration: the chip YAML loaded into plain, checked structs.
//
// Components never read YAML themselves: they get one of these structs. Every numeric parameter
// is declared once in chip_params.cpp with its unit and a one-line description (printed by
// `npuemu --list-params`); values in the YAML carry their unit ("1000 MHz", "1.2 TB/s",
// "64 KiB", "26 cycles") and are converted to the canonical unit stored here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/isa.h"

namespace npu::config {

struct BufferConfig {
  uint64_t bytes = 0;  // capacity
  uint64_t align = 1;  // required address alignment of every access, bytes
};

// A DMA-style engine: a fixed head latency, then bytes at a rate (bytes per core cycle).
struct DmaConfig {
  double head_cycles = 0;
  double bytes_per_cycle = 1;
};

// A core's port into the NoC / GM (davinci.md 1.5): every engine of the core that moves GM data
// shares it, on a split core the AIC's and the AIVs' engines together. Requests from different
// cores to one L2 line are served one after another.
struct GmPortConfig {
  double read_bytes_per_cycle = 1;   // MTE2 reads of every sub-core together
  double write_bytes_per_cycle = 1;  // MTE3 and FIX writes together
  double same_line_cycles = 0;       // an L2 line serves one core's request for this long
};

// One vector instruction class: start-up cycles, then cycles per 256-byte repeat by dtype.
struct VecCost {
  double head_cycles = 0;
  double repeat_f16 = 1;
  double repeat_f32 = 1;
};

// Vector unit timing per instruction class (firmware/ISA.md "Vector unit" maps mnemonics).
struct VecConfig {
  VecCost add, mul, div, max, relu, adds, muls, exp, ln, sqrt, conv, reduce_sum, reduce_max,
      brcb, dup;
  double mask_cycles = 1;           // set_vmask
  double bank_conflict_cycles = 1;  // per extra serialised UB access per repeat
};

// UB banks: 32-byte rows interleave over the groups; each group_span = groups x bank bytes
// region holds one bank of every group (systemc/davinci/ub_banks.h).
struct UbBankConfig {
  uint32_t banks = 1;
  uint32_t groups = 1;
  uint64_t bank_bytes = 4096;
};

// How a DaVinci core is organised: one core with every pipe (910 gen1), or one AIC (cube side)
// plus `aivs` AIVs (vector side), each with its own scalar front end (910B, davinci.md section 2).
enum class CoreOrganisation : uint8_t { kCoupled, kSplit };

struct DaVinciCoreConfig {
  CoreOrganisation organisation = CoreOrganisation::kCoupled;
  uint32_t aivs = 0;             // AIVs per core (split only; 0 when coupled)
  double cross_flag_cycles = 0;  // cross-core (FFTS) flag latency, set to visible at the waiter
  // scalar front end
  double scalar_cycles_per_instr = 1;
  uint64_t scalar_data_bytes = 0;
  uint32_t queue_depth = 1;  // instructions waiting per pipe queue
  // buffers
  BufferConfig l1, l0a, l0b, l0c, ub;
  BufferConfig bt, fb;  // AIC bias table (mmad bias) and fixpipe buffer (FIX parameters); 0: none
  double bt_load_bytes_per_cycle = 1;  // L1 -> BT (load_bt, MTE1)
  double fb_load_bytes_per_cycle = 1;  // L1 -> FB (load_fb, FIX)
  // pipes
  DmaConfig mte2;            // GM -> L1 / UB (port limit; the memory system shares the rest)
  DmaConfig mte3;            // UB -> GM
  uint32_t mte2_outstanding = 1;  // MTE2 requests in flight: deeper queues hide the head
  GmPortConfig gm_port;
  double mte1_head_cycles = 0;
  double mte1_l0a_bytes_per_cycle = 1;
  double mte1_l0b_bytes_per_cycle = 1;
  double cube_macs_per_cycle_f16 = 1;  // 16x16x16 fractal per cycle = 4096
  double cube_macs_per_cycle_s8 = 1;   // 16x32x16 INT8 fractal per cycle = 8192
  double cube_head_cycles = 0;          // charged when the cube starts after an idle gap
  double fix_head_cycles = 0;
  double fix_l0c_bytes_per_cycle = 1;  // L0C read rate
  double fix_out_bytes_per_cycle = 1;  // port limit towards GM
  VecConfig vec;
  UbBankConfig ub_banks;
  double flag_cycles = 1;              // set_flag / wait_flag cost on their pipe
  // energies (power model, at power.vf.max_volt): pJ per byte of operand footprint per buffer,
  // pJ per byte the vector unit processes
  double e_l1_pj = 0, e_l0a_pj = 0, e_l0b_pj = 0, e_l0c_pj = 0, e_ub_pj = 0, e_vec_pj = 0;
};

// The activity-based power model (DESIGN section 8). Powers and energies are given at the
// maximum clock and power.vf.max_volt; dynamic terms scale with V^2 (clock terms also with f),
// leakage with V. V(f) is linear between (vf.min_freq, vf.min_volt) and (chip.freq, max_volt).
struct PowerConfig {
  bool present = false;      // the YAML has a power section (without one, power is not modelled)
  double constant_w = 0;     // independent of V and f (board, IO, HBM PHY, fans)
  double leakage_w = 0;      // at max_volt, proportional to V
  double core_idle_w = 0;    // per powered core at chip.freq / max_volt (clock tree), f V^2
  double core_active_w = 0;  // extra per core running a block, f V^2
  double min_freq_mhz = 0, min_volt = 0, max_volt = 0;
  double step_mhz = 1;       // governor clock step
  double window_us = 1;      // sampling window: peak power and the dynamic governor
  double e_mac_f16_pj = 0, e_mac_s8_pj = 0;  // pJ per multiply-add
  double e_l2_pj = 0, e_hbm_pj = 0;          // pJ per byte through L2 / to HBM
  double e_scalar_pj = 0, e_engine_pj = 0;   // pJ per scalar / dispatched engine instruction
};

// A tensor-core SM (H100-like, family tensorcore). Engines: TMA (GM <-> SMEM), TENSOR (wgmma),
// SIMT (epilogue); control threads are the warp roles of a CTA.
struct TensorCoreSmConfig {
  double scalar_cycles_per_instr = 1;  // one warp instruction issued per cycle per role
  uint32_t queue_depth = 1;            // instructions waiting per engine queue
  uint32_t threads = 1;                // control threads (warp roles) a CTA may declare
  uint32_t mbarriers = 1;              // mbarriers per CTA
  uint32_t max_ctas = 1;               // resident CTAs per SM at most (occupancy limit)
  uint32_t max_warps = 1;              // resident warps per SM at most (occupancy limit)
  uint64_t smem_reserved_per_cta = 0;  // SMEM the system keeps per resident CTA
  BufferConfig smem, rf;               // shared memory, register file (accumulators)
  double smem_bytes_per_cycle = 1;     // SMEM port: bytes per cycle all its accesses share
  // Per-thread register allocation (.regs; CUDA occupancy calculator): a warp gets its threads'
  // registers rounded up to rf_alloc_unit, in one of rf_sub_partitions slices of the RF.
  uint32_t rf_max_per_thread = 1;      // registers per thread at most
  uint32_t rf_max_per_cta = 1;         // registers per CTA at most
  uint32_t rf_alloc_unit = 1;          // registers allocated per warp in multiples of this
  uint32_t rf_sub_partitions = 1;      // RF slices; a warp's registers live in one
  double mbar_cycles = 1;              // arrive / init / successful wait cost on the thread
  double tma_head_cycles = 0;          // TMA issue cost per instruction (engine busy)
  double tma_port_bytes_per_cycle = 1; // per-SM limit towards the L2
  double tma_latency_cycles = 0;       // L2 round trip added to a load's completion
  double tma_miss_latency_cycles = 0;  // extra when the load missed L2 (HBM)
  double tensor_macs_f16 = 1;          // FP16 MACs per cycle per SM (4 tensor cores)
  double tensor_macs_s8 = 1;           // INT8 MACs per cycle per SM
  double tensor_issue_cycles = 0;      // wgmma issue cost on the issuing thread
  double tensor_tail_cycles = 0;       // FP16 result available this long after the last MAC
  double tensor_tail_s8_cycles = 0;    // INT8 likewise
  double tensor_min_cycles = 0;        // a wgmma occupies the tensor cores at least this long
  double simt_head_cycles = 0;         // epilogue instruction start-up
  double simt_elems_per_cycle = 1;     // accumulator elements converted per cycle per SM
  double simt_port_bytes_per_cycle = 1;  // per-SM store limit towards the L2
  double lsu_issue_cycles = 0;           // LSU cost per warp access (32 lanes)
  double lsu_port_bytes_per_cycle = 1;   // LSU per-SM limit towards the L2
  double lsu_latency_cycles = 0;         // global load: L2 round trip before the RF has the data
  double lsu_miss_latency_cycles = 0;    // extra when it missed L2 (HBM)
  double lsu_smem_latency_cycles = 0;    // shared-memory load latency
  uint32_t cluster_max = 1;              // CTAs a thread-block cluster may have
  double cluster_latency_cycles = 0;     // SM-to-SM: remote mbarrier arrive, cluster barrier
  double e_smem_pj = 0, e_rf_pj = 0;     // power: pJ per byte of SMEM / accumulator RF traffic
};

struct MemoryConfig {
  double hbm_bytes_per_second = 0;
  double hbm_latency_cycles = 0;   // extra latency of a transfer with L2 misses
  uint64_t l2_bytes = 0;
  uint32_t l2_line_bytes = 512;
  uint32_t l2_ways = 16;
  double l2_bandwidth_ratio = 1;   // L2 bandwidth / HBM bandwidth
  uint32_t burst_bytes = 32;       // GM access package: a row segment moves in whole packages
  uint64_t gm_alloc_align = 4096;  // alignment of GM allocations made by the testbench
};

struct ChipConfig {
  std::string source_path;  // the YAML it came from
  std::string name;
  std::string description;
  isa::Family family = isa::Family::kDaVinci;
  uint32_t cores = 1;
  double freq_mhz = 1000;   // nominal (max) core clock
  double envelope_w = 0;    // power envelope
  double launch_cycles = 0;  // kernel launch overhead before the first block starts
  double block_dispatch_cycles = 0;  // per block handed to a core
  DaVinciCoreConfig core;
  TensorCoreSmConfig sm;  // family tensorcore only
  MemoryConfig memory;
  PowerConfig power;

  double peak_macs_per_cycle_f16() const {
    return (family == isa::Family::kTensorCore ? sm.tensor_macs_f16 : core.cube_macs_per_cycle_f16) *
           cores;
  }
  double peak_tops_f16(double mhz) const { return 2.0 * peak_macs_per_cycle_f16() * mhz * 1e-6; }
};

// A user error in a config file: one clear line naming file, line, key and what was expected.
struct ConfigError {
  std::string message;
};

struct LoadResult {
  ChipConfig config;
  std::vector<ConfigError> errors;  // empty on success
  bool ok() const { return errors.empty(); }
};

LoadResult load_chip_config(const std::string& path);
LoadResult load_chip_config_text(const std::string& text, const std::string& display_name);

// Override one parameter (dotted path as in the YAML, value with unit) after loading; used by
// sweeps and tests. Returns an error text or empty.
std::string set_param(ChipConfig& cfg, const std::string& path, const std::string& value);

struct ParamInfo {
  std::string path;
  std::string unit;
  std::string description;
  std::string value;  // formatted current value with unit
};
std::vector<ParamInfo> list_params(const ChipConfig& cfg);

}  // namespace npu::config
