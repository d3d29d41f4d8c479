// The SM's LSU: per-lane (warp-level) loads and stores between the register file and GM
// (ld.global / st.global) or SMEM (ld.shared / st.shared). Lane i of an instruction moves `width`
// bytes (1, 2, 4, 8 or 16, naturally aligned) between RF[rf + i*width] and mem[addr + i*stride];
// lanes go in warps of 32.
//
// Cost: `sm.lsu.issue` cycles per warp on the LSU, then
//   GM:   the 32 B sectors each warp touches (coalescing: a warp reading 32 consecutive 4-byte
//         words moves 4 sectors, a warp with a 128-byte stride moves 32) stream through the memory
//         system at `sm.lsu.port` with the L2/HBM share; a load's data reaches the RF
//         `sm.lsu.latency` (+ `miss_latency` when bytes missed L2) later, off the engine.
//   SMEM: each warp's bytes at `sm.smem.bandwidth` (at least one cycle per warp; bank conflicts are
//         not modelled), through the SM's SMEM port (smem_port.h), which TMA and wgmma traffic
//         share; a load's data is in the RF `sm.lsu.smem_latency` later.
// The issuing thread waits until its loads' data is in the RF (no scoreboard overlap).
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "tensorcore/sm_core.h"

namespace npu::model {

using isa::Opcode;

namespace {

constexpr uint64_t kWarp = 32, kSector = 32;

// Contiguous runs of 32 B sectors, warp by warp: a sector two warps share is fetched by each.
struct SectorRun {
  uint64_t first, count;  // sector index (address / 32), sectors
};

std::vector<SectorRun> sector_runs(uint64_t addr, uint64_t stride, uint64_t lanes) {
  std::vector<SectorRun> runs;
  for (uint64_t w0 = 0; w0 < lanes; w0 += kWarp) {
    uint64_t last = ~0ull;
    for (uint64_t i = w0; i < std::min(lanes, w0 + kWarp); ++i) {
      const uint64_t s = (addr + i * stride) / kSector;  // aligned widths <= 16 stay in a sector
      if (s == last) continue;
      if (!runs.empty() && i != w0 && s == last + 1) {
        ++runs.back().count;
      } else {
        runs.push_back({s, 1});
      }
      last = s;
    }
  }
  return runs;
}

}  // namespace

void SmCore::exec_lsu(Engine& e, const Dispatched& d) {
  const isa::OpInfo& info = *d.inst->info;
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const char* thread = e.basename();
  const Opcode op = info.opcode;
  const bool load = op == Opcode::kLdGlobal || op == Opcode::kLdShared;
  const bool global = op == Opcode::kLdGlobal || op == Opcode::kStGlobal;
  const uint64_t mem = load ? d.v[1] : d.v[0], rf = load ? d.v[0] : d.v[1];
  const uint64_t width = d.v[2], stride = d.v[3], lanes = d.v[4];
  auto require = [&](bool ok, FaultKind kind, auto why) {  // why: formatted only on failure
    if (!ok) fault(kind, fmt::format("'{}': {}", info.mnemonic, why()), thread, d.pc);
  };
  require(width == 1 || width == 2 || width == 4 || width == 8 || width == 16, FaultKind::kShape,
          [&] { return fmt::format("width {} is not 1, 2, 4, 8 or 16 bytes", width); });
  require(lanes >= 1 && lanes <= (1u << 20) && stride < (1u << 24), FaultKind::kShape, [&] {
    return fmt::format("{} lanes with stride {} out of range (1..1048576 lanes, stride < 2^24)",
                       lanes, stride);
  });
  require(mem % width == 0 && stride % width == 0, FaultKind::kBufferAlign, [&] {
    return fmt::format("{} address 0x{:x} / lane stride {} not aligned to the {}-byte width",
                       global ? "global" : "shared", mem, stride, width);
  });
  Role& ro = role(d.thread);
  Cta& cta = *ro.cta;
  const uint64_t span = (lanes - 1) * stride + width;  // bytes from the first lane's address
  if (global) {
    if (m_env.gm.find(mem, span) == nullptr) {
      fault(FaultKind::kGmRange,
            fmt::format("'{}': {} {}", info.mnemonic, load ? "source" : "destination",
                        m_env.gm.describe(mem, span)),
            thread, d.pc);
    }
  } else {
    const LocalBuffer& smem = *cta.smem;
    require(mem <= smem.bytes() && span <= smem.bytes() - mem, FaultKind::kBufferRange, [&] {
      return fmt::format("{}shared [0x{:x}, 0x{:x}) overflows {} ({} bytes)", cta_prefix(cta), mem,
                         mem + span, smem.name(), smem.bytes());
    });
  }
  check_window(cta, *cta.rf, rf, lanes * width, load ? "destination" : "source", thread, d.pc);
  const uint64_t warps = (lanes + kWarp - 1) / kWarp;
  e.wait_cycles(Clock::ceil_cycles(c.lsu_issue_cycles * static_cast<double>(warps)));
  double latency = 0;
  if (global) {
    const std::vector<SectorRun> runs = sector_runs(mem, stride, lanes);
    uint64_t sectors = 0, missed = 0;
    for (const SectorRun& r : runs) sectors += r.count;
    // Runs of one length at one pitch (every coalesced or constant-stride pattern): one 2-D
    // transfer; anything else run by run.
    bool regular = true;
    for (size_t i = 1; i < runs.size(); ++i) {
      regular = regular && runs[i].count == runs[0].count && runs[i].first > runs[i - 1].first &&
                runs[i].first - runs[i - 1].first == runs[1].first - runs[0].first;
    }
    if (regular) {
      const uint64_t row = runs[0].count * kSector;
      const uint64_t pitch = runs.size() > 1 ? (runs[1].first - runs[0].first) * kSector : row;
      missed = m_env.mem.transfer(runs[0].first * kSector, runs.size(), row, pitch,
                                  c.lsu_port_bytes_per_cycle, !load);
    } else {
      for (const SectorRun& r : runs) {
        missed += m_env.mem.transfer(r.first * kSector, 1, r.count * kSector, r.count * kSector,
                                     c.lsu_port_bytes_per_cycle, !load);
      }
    }
    m_env.clock.align();
    latency = c.lsu_latency_cycles + (missed > 0 ? c.lsu_miss_latency_cycles : 0);
    s_act.lsu_gm_bytes += sectors * kSector;
  } else {
    uint64_t cycles = 0;
    for (uint64_t w0 = 0; w0 < lanes; w0 += kWarp) {
      const double bytes = static_cast<double>(std::min(kWarp, lanes - w0) * width);
      cycles += std::max<uint64_t>(1, Clock::ceil_cycles(bytes / c.smem_bytes_per_cycle));
    }
    // through the SMEM port at that pace, stretched when TMA or wgmma traffic shares it
    m_smem_port->access(static_cast<double>(lanes * width), cycles);
    latency = c.lsu_smem_latency_cycles;
    s_act.lsu_smem_bytes += lanes * width;
  }
  s_act.lsu_rf_bytes += lanes * width;
  if (cta.rf->at(0) != nullptr) {
    uint8_t* base = global ? m_env.gm.data(mem, span) : cta.smem->at(mem);
    uint8_t* regs = cta.rf->at(rf);
    for (uint64_t i = 0; i < lanes; ++i) {
      uint8_t* lane = base + i * stride;
      if (load) {
        std::memcpy(regs + i * width, lane, width);
      } else {
        std::memcpy(lane, regs + i * width, width);
      }
    }
  }
  if (load) {
    ro.data_ready_fs = std::max<uint64_t>(
        ro.data_ready_fs,
        sc_core::sc_time_stamp().value() + Clock::ceil_cycles(latency) * m_env.clock.period_fs());
  }
  release_thread(d);
}

}  // namespace npu::model
