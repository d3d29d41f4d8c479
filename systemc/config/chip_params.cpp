// The chip parameter table (see chip_params.h). Sources of the values live beside each value in
// the chip YAMLs under configs/; this table only says what each parameter means.
#include "config/chip_params.h"

#include <limits>
#include <vector>

namespace npu::config {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

#define NPU_P(path, dim, desc, lo, hi, integer, member) \
  ParamSpec{path, dim, desc, lo, hi, integer, [](ChipConfig& c) -> NumRef { return &c.member; }}

// One vector instruction class: head + cycles per repeat for FP16 and FP32.
#define NPU_VEC(key, member, mnemonics)                                                        \
  NPU_P("core.vec." key ".head", Dim::kCycles, mnemonics ": start-up cost per instruction", 0,  \
        1e6, false, core.vec.member.head_cycles),                                              \
      NPU_P("core.vec." key ".repeat_f16", Dim::kCycles, mnemonics ": cycles per FP16 repeat", \
            0, 1e6, false, core.vec.member.repeat_f16),                                         \
      NPU_P("core.vec." key ".repeat_f32", Dim::kCycles, mnemonics ": cycles per FP32 repeat", \
            0, 1e6, false, core.vec.member.repeat_f32)

const std::vector<ParamSpec>& table() {
  static const std::vector<ParamSpec> specs = {
      NPU_P("chip.cores", Dim::kCount, "AI cores on the chip", 1, 4096, true, cores),
      NPU_P("chip.freq", Dim::kMhz, "nominal (maximum) core clock", 1, 10000, false, freq_mhz),
      NPU_P("chip.envelope", Dim::kWatts, "power envelope (TDP) the reports check against", 0,
            100000, false, envelope_w),
      NPU_P("chip.launch", Dim::kCycles, "kernel launch overhead before the first block starts", 0,
            1e9, false, launch_cycles),
      NPU_P("chip.block_dispatch", Dim::kCycles, "cost of handing one block to a core", 0, 1e9,
            false, block_dispatch_cycles),
      NPU_P("core.scalar.cycles_per_instr", Dim::kCycles,
            "scalar front end: cycles per scalar instruction (issue of engine instructions too)",
            0.01, 1000, false, core.scalar_cycles_per_instr),
      NPU_P("core.scalar.data", Dim::kBytes, "scalar data memory (ld/st) per core", 0, 1 << 30,
            true, core.scalar_data_bytes),
      NPU_P("core.queue_depth", Dim::kCount, "instructions that may wait in each pipe queue", 1,
            4096, true, core.queue_depth),
      NPU_P("core.l1.size", Dim::kBytes, "L1 buffer capacity", 512, 1ull << 32, true,
            core.l1.bytes),
      NPU_P("core.l1.align", Dim::kBytes, "L1 access alignment", 1, 4096, true, core.l1.align),
      NPU_P("core.l0a.size", Dim::kBytes, "L0A (cube left operand) capacity", 512, 1ull << 32,
            true, core.l0a.bytes),
      NPU_P("core.l0a.align", Dim::kBytes, "L0A access alignment", 1, 4096, true, core.l0a.align),
      NPU_P("core.l0b.size", Dim::kBytes, "L0B (cube right operand) capacity", 512, 1ull << 32,
            true, core.l0b.bytes),
      NPU_P("core.l0b.align", Dim::kBytes, "L0B access alignment", 1, 4096, true, core.l0b.align),
      NPU_P("core.l0c.size", Dim::kBytes, "L0C (cube accumulator) capacity", 1024, 1ull << 32,
            true, core.l0c.bytes),
      NPU_P("core.l0c.align", Dim::kBytes, "L0C access alignment", 1, 4096, true, core.l0c.align),
      NPU_P("core.ub.size", Dim::kBytes, "Unified Buffer (vector unit) capacity", 512,
            1ull << 32, true, core.ub.bytes),
      NPU_P("core.ub.align", Dim::kBytes, "UB access alignment", 1, 4096, true, core.ub.align),
      NPU_P("core.bt.size", Dim::kBytes, "AIC bias table (BT) capacity; 0: the core has none", 0,
            1ull << 32, true, core.bt.bytes),
      NPU_P("core.bt.align", Dim::kBytes, "BT access alignment", 1, 4096, true, core.bt.align),
      NPU_P("core.fb.size", Dim::kBytes, "fixpipe buffer (FB) capacity; 0: the core has none", 0,
            1ull << 32, true, core.fb.bytes),
      NPU_P("core.fb.align", Dim::kBytes, "FB access alignment", 1, 4096, true, core.fb.align),
      NPU_P("core.bt.rate", Dim::kBytesPerCycle, "L1 -> BT copy bandwidth (load_bt, MTE1)", 0.01,
            1e6, false, core.bt_load_bytes_per_cycle),
      NPU_P("core.fb.rate", Dim::kBytesPerCycle, "L1 -> FB copy bandwidth (load_fb, FIX)", 0.01,
            1e6, false, core.fb_load_bytes_per_cycle),
      NPU_P("core.mte2.head", Dim::kCycles, "MTE2 (GM -> L1/UB) start-up cost per instruction",
            0, 1e6, false, core.mte2.head_cycles),
      NPU_P("core.mte2.port", Dim::kBytesPerCycle, "MTE2 per-core read port limit", 0.01, 1e6,
            false, core.mte2.bytes_per_cycle),
      NPU_P("core.mte2.outstanding", Dim::kCount,
            "MTE2 transfers in flight per pipe (a queued transfer's head overlaps earlier ones)",
            1, 1024, true, core.mte2_outstanding),
      NPU_P("core.gm_port.read", Dim::kBytesPerCycle,
            "per-core GM read port shared by the MTE2s of the core (AIC and AIVs)", 0.01, 1e6,
            false, core.gm_port.read_bytes_per_cycle),
      NPU_P("core.gm_port.write", Dim::kBytesPerCycle,
            "per-core GM write port shared by the core's MTE3s and FIX", 0.01, 1e6, false,
            core.gm_port.write_bytes_per_cycle),
      NPU_P("core.gm_port.same_line", Dim::kCycles,
            "an L2 line serves one core's request at a time: another core's request waits this",
            0, 1e6, false, core.gm_port.same_line_cycles),
      NPU_P("core.mte3.head", Dim::kCycles, "MTE3 (UB -> GM) start-up cost per instruction", 0,
            1e6, false, core.mte3.head_cycles),
      NPU_P("core.mte3.port", Dim::kBytesPerCycle, "MTE3 per-core write port limit", 0.01, 1e6,
            false, core.mte3.bytes_per_cycle),
      NPU_P("core.mte1.head", Dim::kCycles, "MTE1 (L1 -> L0A/L0B) start-up cost per instruction",
            0, 1e6, false, core.mte1_head_cycles),
      NPU_P("core.mte1.l0a_rate", Dim::kBytesPerCycle, "MTE1 L1 -> L0A bandwidth", 0.01, 1e6,
            false, core.mte1_l0a_bytes_per_cycle),
      NPU_P("core.mte1.l0b_rate", Dim::kBytesPerCycle, "MTE1 L1 -> L0B bandwidth", 0.01, 1e6,
            false, core.mte1_l0b_bytes_per_cycle),
      NPU_P("core.cube.macs_f16", Dim::kMacsPerCycle, "cube FP16 multiply-adds per cycle", 1,
            1e7, false, core.cube_macs_per_cycle_f16),
      NPU_P("core.cube.macs_s8", Dim::kMacsPerCycle, "cube INT8 multiply-adds per cycle", 1,
            1e7, false, core.cube_macs_per_cycle_s8),
      NPU_P("core.cube.head", Dim::kCycles,
            "cube start-up cost, charged when an mmad starts after the cube was idle", 0, 1e6,
            false, core.cube_head_cycles),
      NPU_P("core.fix.head", Dim::kCycles, "FixPipe (L0C -> GM) start-up cost per instruction",
            0, 1e6, false, core.fix_head_cycles),
      NPU_P("core.fix.l0c_rate", Dim::kBytesPerCycle, "FixPipe L0C read bandwidth", 0.01, 1e6,
            false, core.fix_l0c_bytes_per_cycle),
      NPU_P("core.fix.port", Dim::kBytesPerCycle, "FixPipe per-core write port limit", 0.01, 1e6,
            false, core.fix_out_bytes_per_cycle),
      NPU_VEC("add", add, "vadd/vsub"),
      NPU_VEC("mul", mul, "vmul"),
      NPU_VEC("div", div, "vdiv/vrec"),
      NPU_VEC("max", max, "vmax/vmin"),
      NPU_VEC("relu", relu, "vrelu"),
      NPU_VEC("adds", adds, "vadds/vmaxs/vmins"),
      NPU_VEC("muls", muls, "vmuls"),
      NPU_VEC("exp", exp, "vexp"),
      NPU_VEC("ln", ln, "vln"),
      NPU_VEC("sqrt", sqrt, "vsqrt"),
      NPU_VEC("conv", conv, "vconv"),
      NPU_VEC("reduce_sum", reduce_sum, "vcadd"),
      NPU_VEC("reduce_max", reduce_max, "vcmax"),
      NPU_VEC("brcb", brcb, "vbrcb"),
      NPU_VEC("dup", dup, "vdup"),
      NPU_P("core.vec.mask", Dim::kCycles, "set_vmask cost on the V pipe", 0, 1e6, false,
            core.vec.mask_cycles),
      NPU_P("core.vec.bank_conflict", Dim::kCycles,
            "extra cycles per serialised UB access (bank or bank-group conflict) per repeat", 0,
            1e6, false, core.vec.bank_conflict_cycles),
      NPU_P("core.ub.banks", Dim::kCount, "UB banks (banks x bank_size = UB size)", 1, 4096, true,
            core.ub_banks.banks),
      NPU_P("core.ub.bank_groups", Dim::kCount,
            "UB bank groups (a group serves one 32 B row per cycle)", 1, 4096, true,
            core.ub_banks.groups),
      NPU_P("core.ub.bank_size", Dim::kBytes, "bytes per UB bank", 32, 1ull << 30, true,
            core.ub_banks.bank_bytes),
      NPU_P("core.flag", Dim::kCycles, "set_flag / wait_flag cost on their pipe", 0, 1e6, false,
            core.flag_cycles),
      NPU_P("core.aivs", Dim::kCount,
            "AIVs (vector sub-cores) per core when core.organisation is split, 0 when coupled", 0,
            8, true, core.aivs),
      NPU_P("core.cross_flag", Dim::kCycles,
            "cross-core flag (FFTS) latency from cc_set_flag to the waiter seeing it", 0, 1e6,
            false, core.cross_flag_cycles),
      NPU_P("core.energy.l1", Dim::kPjPerByte, "energy per byte accessed in L1", 0, 1e4, false,
            core.e_l1_pj),
      NPU_P("core.energy.l0a", Dim::kPjPerByte, "energy per byte accessed in L0A", 0, 1e4, false,
            core.e_l0a_pj),
      NPU_P("core.energy.l0b", Dim::kPjPerByte, "energy per byte accessed in L0B", 0, 1e4, false,
            core.e_l0b_pj),
      NPU_P("core.energy.l0c", Dim::kPjPerByte, "energy per byte accessed in L0C", 0, 1e4, false,
            core.e_l0c_pj),
      NPU_P("core.energy.ub", Dim::kPjPerByte, "energy per byte accessed in UB", 0, 1e4, false,
            core.e_ub_pj),
      NPU_P("core.energy.vec", Dim::kPjPerByte, "vector unit energy per byte processed", 0, 1e4,
            false, core.e_vec_pj),
      NPU_P("sm.scalar.cycles_per_instr", Dim::kCycles,
            "control thread (warp role): cycles per instruction issued", 0.01, 1000, false,
            sm.scalar_cycles_per_instr),
      NPU_P("sm.queue_depth", Dim::kCount, "instructions that may wait in each engine queue", 1,
            4096, true, sm.queue_depth),
      NPU_P("sm.threads", Dim::kCount, "control threads (warp roles) per CTA", 1, 64, true,
            sm.threads),
      NPU_P("sm.mbarriers", Dim::kCount, "mbarriers per CTA", 1, 4096, true, sm.mbarriers),
      NPU_P("sm.max_ctas", Dim::kCount, "resident CTAs per SM at most", 1, 1024, true,
            sm.max_ctas),
      NPU_P("sm.max_warps", Dim::kCount, "resident warps per SM at most", 1, 65536, true,
            sm.max_warps),
      NPU_P("sm.smem.reserved_per_cta", Dim::kBytes, "shared memory the system keeps per CTA", 0,
            1ull << 32, true, sm.smem_reserved_per_cta),
      NPU_P("sm.smem.size", Dim::kBytes, "shared memory per SM", 1024, 1ull << 32, true,
            sm.smem.bytes),
      NPU_P("sm.smem.align", Dim::kBytes, "shared memory access alignment", 1, 4096, true,
            sm.smem.align),
      NPU_P("sm.rf.size", Dim::kBytes, "register file per SM (accumulators live here)", 1024,
            1ull << 32, true, sm.rf.bytes),
      NPU_P("sm.rf.align", Dim::kBytes, "register file access alignment", 1, 4096, true,
            sm.rf.align),
      NPU_P("sm.mbar", Dim::kCycles, "mbarrier init/arrive/successful wait cost on the thread", 0,
            1e6, false, sm.mbar_cycles),
      NPU_P("sm.tma.head", Dim::kCycles, "TMA issue cost per instruction", 0, 1e6, false,
            sm.tma_head_cycles),
      NPU_P("sm.tma.port", Dim::kBytesPerCycle, "TMA per-SM bandwidth limit towards the L2", 0.01,
            1e6, false, sm.tma_port_bytes_per_cycle),
      NPU_P("sm.tma.latency", Dim::kCycles, "L2 round trip added to a TMA load's completion", 0,
            1e6, false, sm.tma_latency_cycles),
      NPU_P("sm.tma.miss_latency", Dim::kCycles, "extra completion latency of a load missing L2",
            0, 1e6, false, sm.tma_miss_latency_cycles),
      NPU_P("sm.tensor.macs_f16", Dim::kMacsPerCycle, "FP16 MACs per cycle per SM", 1, 1e7, false,
            sm.tensor_macs_f16),
      NPU_P("sm.tensor.macs_s8", Dim::kMacsPerCycle, "INT8 MACs per cycle per SM", 1, 1e7, false,
            sm.tensor_macs_s8),
      NPU_P("sm.tensor.issue", Dim::kCycles, "wgmma issue cost on the issuing thread", 0, 1e6,
            false, sm.tensor_issue_cycles),
      NPU_P("sm.tensor.tail", Dim::kCycles, "FP16 wgmma result latency after its last MAC", 0,
            1e6, false, sm.tensor_tail_cycles),
      NPU_P("sm.tensor.tail_s8", Dim::kCycles, "INT8 wgmma result latency after its last MAC", 0,
            1e6, false, sm.tensor_tail_s8_cycles),
      NPU_P("sm.tensor.min_cycles", Dim::kCycles,
            "shortest tensor-core occupancy of one wgmma (small N is issue-bound)", 0, 1e6, false,
            sm.tensor_min_cycles),
      NPU_P("sm.simt.head", Dim::kCycles, "epilogue instruction start-up cost", 0, 1e6, false,
            sm.simt_head_cycles),
      NPU_P("sm.simt.rate", Dim::kCount, "accumulator elements converted per cycle per SM", 1,
            1e6, false, sm.simt_elems_per_cycle),
      NPU_P("sm.simt.port", Dim::kBytesPerCycle, "epilogue per-SM store limit towards the L2",
            0.01, 1e6, false, sm.simt_port_bytes_per_cycle),
      NPU_P("sm.lsu.issue", Dim::kCycles, "LSU cost per warp (32 lanes) of a load or store", 0,
            1e6, false, sm.lsu_issue_cycles),
      NPU_P("sm.lsu.port", Dim::kBytesPerCycle, "LSU per-SM bandwidth limit towards the L2", 0.01,
            1e6, false, sm.lsu_port_bytes_per_cycle),
      NPU_P("sm.lsu.latency", Dim::kCycles, "L2 round trip before a global load's data is in the RF",
            0, 1e6, false, sm.lsu_latency_cycles),
      NPU_P("sm.lsu.miss_latency", Dim::kCycles, "extra latency of a global load missing L2", 0,
            1e6, false, sm.lsu_miss_latency_cycles),
      NPU_P("sm.lsu.smem_latency", Dim::kCycles, "shared-memory load latency", 0, 1e6, false,
            sm.lsu_smem_latency_cycles),
      NPU_P("sm.lsu.smem_rate", Dim::kBytesPerCycle, "shared-memory bytes per cycle per SM", 0.01,
            1e6, false, sm.lsu_smem_bytes_per_cycle),
      NPU_P("sm.energy.smem", Dim::kPjPerByte, "energy per byte read or written in SMEM", 0,
            1e4, false, sm.e_smem_pj),
      NPU_P("sm.energy.rf", Dim::kPjPerByte, "energy per accumulator byte through the RF", 0,
            1e4, false, sm.e_rf_pj),
      NPU_P("memory.hbm.bandwidth", Dim::kBytesPerSecond, "HBM bandwidth, whole chip", 1e6,
            1e15, false, memory.hbm_bytes_per_second),
      NPU_P("memory.hbm.latency", Dim::kCycles, "extra latency of a transfer that misses L2", 0,
            1e6, false, memory.hbm_latency_cycles),
      NPU_P("memory.l2.size", Dim::kBytes, "L2 cache capacity", 0, 1ull << 40, true,
            memory.l2_bytes),
      NPU_P("memory.l2.line", Dim::kBytes, "L2 line size", 32, 65536, true,
            memory.l2_line_bytes),
      NPU_P("memory.l2.ways", Dim::kCount, "L2 associativity", 1, 1024, true, memory.l2_ways),
      NPU_P("memory.l2.bandwidth_ratio", Dim::kRatio, "L2 bandwidth as a multiple of HBM's", 1,
            1000, false, memory.l2_bandwidth_ratio),
      NPU_P("memory.burst", Dim::kBytes,
            "GM access package: each row segment of a transfer moves whole aligned packages", 1,
            65536, true, memory.burst_bytes),
      NPU_P("memory.gm_alloc_align", Dim::kBytes, "alignment of testbench GM allocations", 32,
            1 << 30, true, memory.gm_alloc_align),
      NPU_P("power.constant", Dim::kWatts, "power independent of V and f (board, IO, PHYs)", 0,
            1e5, false, power.constant_w),
      NPU_P("power.leakage", Dim::kWatts, "leakage at vf.max_volt (scales with V)", 0, 1e5, false,
            power.leakage_w),
      NPU_P("power.core_idle", Dim::kWatts, "per powered core at the max clock (scales f V^2)", 0,
            1e4, false, power.core_idle_w),
      NPU_P("power.core_active", Dim::kWatts,
            "extra per core running a block at the max clock (scales f V^2)", 0, 1e4, false,
            power.core_active_w),
      NPU_P("power.vf.min_freq", Dim::kMhz, "lowest clock of the V/f curve", 1, 10000, false,
            power.min_freq_mhz),
      NPU_P("power.vf.min_volt", Dim::kVolts, "core voltage at vf.min_freq", 0.1, 5, false,
            power.min_volt),
      NPU_P("power.vf.max_volt", Dim::kVolts, "core voltage at chip.freq", 0.1, 5, false,
            power.max_volt),
      NPU_P("power.governor.step", Dim::kMhz, "power-cap governor clock step", 0.1, 10000, false,
            power.step_mhz),
      NPU_P("power.governor.window", Dim::kMicroseconds,
            "power sampling window (peak power, dynamic governor)", 0.001, 1e9, false,
            power.window_us),
      NPU_P("power.energy.mac_f16", Dim::kPjPerMac, "energy per FP16 multiply-add", 0, 1e4, false,
            power.e_mac_f16_pj),
      NPU_P("power.energy.mac_s8", Dim::kPjPerMac, "energy per INT8 multiply-add", 0, 1e4, false,
            power.e_mac_s8_pj),
      NPU_P("power.energy.l2", Dim::kPjPerByte, "energy per byte through the L2", 0, 1e5, false,
            power.e_l2_pj),
      NPU_P("power.energy.hbm", Dim::kPjPerByte, "energy per byte to/from HBM", 0, 1e5, false,
            power.e_hbm_pj),
      NPU_P("power.energy.scalar", Dim::kPjPerInstr, "energy per scalar instruction", 0, 1e6,
            false, power.e_scalar_pj),
      NPU_P("power.energy.dispatch", Dim::kPjPerInstr, "energy per dispatched engine instruction",
            0, 1e6, false, power.e_engine_pj),
  };
  return specs;
}

#undef NPU_P
#undef NPU_VEC

}  // namespace

std::span<const ParamSpec> param_specs() { return table(); }

bool param_applies(const ParamSpec& spec, isa::Family family) {
  const std::string_view path = spec.path;
  if (path.starts_with("core.")) return family == isa::Family::kDaVinci;
  if (path.starts_with("sm.")) return family == isa::Family::kTensorCore;
  return true;
}

const ParamSpec* find_param(const std::string& path) {
  for (const ParamSpec& s : table()) {
    if (path == s.path) return &s;
  }
  return nullptr;
}

double get_value(const ParamSpec& spec, ChipConfig& cfg) {
  return std::visit([](auto* p) { return static_cast<double>(*p); }, spec.ref(cfg));
}

void set_value(const ParamSpec& spec, ChipConfig& cfg, double v) {
  std::visit([v](auto* p) { *p = static_cast<std::remove_reference_t<decltype(*p)>>(v); },
             spec.ref(cfg));
}

}  // namespace npu::config
