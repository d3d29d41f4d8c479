// The SM's engine instructions: what each does (through systemc/func, the single source of
// arithmetic) and what it costs (sm.* parameters of the chip YAML). Every footprint is checked
// against SMEM, the register file or a GM allocation before anything moves; costs never depend on
// data, so timing-only runs count the same cycles.
//
// TMA: the engine is busy for its issue cost plus the transfer at its fair share of the memory
// system; the L2 (and HBM) latency then runs off the engine, so loads pipeline and the mbarrier
// sees the bytes `sm.tma.latency` (+ `sm.tma.miss_latency` on an L2 miss) after the last byte.
// Its SMEM side (the box written into each destination SM, or read for a store) streams through
// the SMEM port at up to `sm.tma.port` alongside the L2 side; the engine waits for both.
// TENSOR: a wgmma m64nNkK computes for 64*N*K / MACs-per-cycle cycles; its result is ready
// `sm.tensor.tail` (FP16) / `tail_s8` (INT8) cycles after that, and the tensor cores take the
// next one no sooner than `sm.tensor.min_cycles` after its start (measured on an H100: latency
// 61 + N/2 / 59 + N/2 cycles, back-to-back occupancy max(24, N/2)). Its A and B bytes stream
// through the SMEM port over that occupancy; where the port, shared with TMA and LSU traffic,
// cannot give them that pace, the occupancy and the result stretch by the difference.
// SIMT: the epilogue converts accumulators at sm.simt.rate elements per cycle, then stores; a
// scaled one (epi.ab.*) with beta != 0 first reads C_in from GM (through the memory system at the
// SIMT port, then `sm.lsu.latency` (+ `miss_latency`) as a global load), beta == 0 reads nothing.
// LSU: sm_lsu.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "func/wgmma_ops.h"
#include "tensorcore/sm_core.h"

namespace npu::model {

using isa::Dtype;
using isa::Opcode;

namespace {

constexpr uint64_t kLow32 = 0xffffffffull;

// A TMA extent register: valid extent in bits 31:0, box extent in bits 63:32 (0: the valid one).
struct Extent {
  uint64_t valid, box;
};
Extent extent_of(uint64_t v) {
  const uint64_t valid = v & kLow32, box = v >> 32;
  return {valid, box == 0 ? valid : box};
}

}  // namespace

void SmCore::execute_engine(Engine& e, const Dispatched& d) {
  switch (e.pipe()) {
    case isa::Pipe::kMte2:
      exec_tma(e, d);
      break;
    case isa::Pipe::kCube:
      exec_wgmma(e, d);
      break;
    case isa::Pipe::kMte3:
      exec_lsu(e, d);
      break;
    default:
      exec_epi(e, d);
      break;
  }
  Cta& cta = *role(d.thread).cta;
  if (--cta.in_engines == 0) cta.engines_idle.notify(sc_core::SC_ZERO_TIME);
}

std::vector<SmCore::Cta*> SmCore::tma_destinations(const Dispatched& d, const char* thread,
                                                   uint32_t* bar) {
  const isa::OpInfo& info = *d.inst->info;
  const Role& ro = role(d.thread);
  if (info.opcode != Opcode::kTmaLoadMc) {
    *bar = bar_index(d.v[5], ro, d.pc);
    return {ro.cta};
  }
  // bar_mask: mbarrier in bits 15:0, CTA mask (cluster ranks) in bits 31:16
  const uint64_t v = d.v[5], mask = (v >> 16) & 0xffff;
  const uint32_t dim = cluster_dim(*ro.cta);
  auto fail = [&](const std::string& why) {
    fault(FaultKind::kShape, fmt::format("'{}': {}", info.mnemonic, why), thread, d.pc);
  };
  if ((v >> 32) != 0) fail(fmt::format("bar_mask {:#x} has bits set above bit 31", v));
  if (mask == 0) fail("empty CTA mask (bar_mask bits 31:16)");
  if (mask >> dim)
    fail(fmt::format("CTA mask {:#x} names a CTA outside the cluster of {}", mask, dim));
  *bar = bar_index(v & 0xffff, ro, d.pc);
  std::vector<Cta*> out;
  for (uint32_t rank = 0; rank < dim; ++rank) {
    if (!((mask >> rank) & 1)) continue;
    Cta& peer = cluster_peer(*ro.cta, rank);
    if (peer.running == 0) fail(fmt::format("cluster CTA {} has already exited", rank));
    out.push_back(&peer);
  }
  return out;
}

void SmCore::exec_tma(Engine& e, const Dispatched& d) {
  const isa::OpInfo& info = *d.inst->info;
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const bool load = info.opcode != Opcode::kTmaStore;
  const char* thread = e.basename();
  const uint64_t gm = load ? d.v[1] : d.v[0], smem = load ? d.v[0] : d.v[1];
  const Extent rows = extent_of(d.v[2]), cols = extent_of(d.v[3]);
  const uint64_t ld = d.v[4];
  auto require = [&](bool ok, auto why) {  // why: a callable, formatted only on failure
    if (!ok) fault(FaultKind::kShape, fmt::format("'{}': {}", info.mnemonic, why()), thread, d.pc);
  };
  require(rows.box > 0 && cols.box > 0, [] { return std::string("empty box"); });
  require(rows.box < (1u << 20) && cols.box < (1u << 24),
          [] { return std::string("box out of range"); });
  require(rows.valid <= rows.box && cols.valid <= cols.box, [&] {
    return fmt::format("valid extent {} x {} exceeds the box {} x {}", rows.valid, cols.valid,
                       rows.box, cols.box);
  });
  require(rows.valid <= 1 || ld >= cols.valid, [&] {
    return fmt::format("row stride ld={} is smaller than the row ({} bytes)", ld, cols.valid);
  });
  Cta& cta = *role(d.thread).cta;
  uint32_t bar = 0;
  const std::vector<Cta*> dests = tma_destinations(d, thread, &bar);
  const uint64_t gm_len = func::tile_extent(rows.valid, cols.valid, ld);
  if (gm_len > 0 && m_env.gm.find(gm, gm_len) == nullptr) {
    fault(FaultKind::kGmRange,
          fmt::format("{} {}", load ? "source" : "destination", m_env.gm.describe(gm, gm_len)),
          thread, d.pc);
  }
  const uint64_t box_bytes = load ? rows.box * cols.box : rows.valid * cols.box;
  for (Cta* t : dests) {
    if (auto err = t->smem->check(smem, box_bytes, load ? "destination" : "source")) {
      const std::string where =
          t != &cta || dests.size() > 1 ? fmt::format(" (cluster CTA {})", t->rank) : "";
      fault(err->first, cta_prefix(*t) + err->second + where, thread, d.pc);
    }
  }
  e.wait_cycles(Clock::ceil_cycles(c.tma_head_cycles));
  // The SMEM side streams alongside the L2 side, at most at the TMA port: a load writes the box
  // into every destination SM's SMEM port, a store reads it through this SM's.
  // The valid bytes arrive at up to the TMA port; a load's zero fill (the box past the valid
  // extent) is made in the SM: the box's pace is what takes the longer of the two alone.
  const auto valid_bytes = static_cast<double>(rows.valid * cols.valid);
  std::vector<std::pair<SmemPort*, SmemPort::Ticket>> smem_flows;
  for (Cta* t : dests) {
    SmemPort& port = *t->sm->m_smem_port;
    const auto box = static_cast<double>(box_bytes);
    const double alone =
        std::max(valid_bytes / c.tma_port_bytes_per_cycle, box / port.bytes_per_cycle());
    smem_flows.emplace_back(&port, port.start(box, alone > 0 ? box / alone : 1));
  }
  uint64_t missed = 0;
  if (gm_len > 0) {
    if (info.opcode == Opcode::kTmaLoadMc) {  // the L2 reads it once; each SM's port takes it all
      std::vector<int> cores;
      for (const Cta* t : dests) cores.push_back(t->sm->m_id);
      missed = m_env.mem.transfer_multicast(gm, rows.valid, cols.valid, ld,
                                            c.tma_port_bytes_per_cycle, cores);
    } else {
      missed = m_env.mem.transfer(gm, rows.valid, cols.valid, ld, c.tma_port_bytes_per_cycle, !load,
                                  load ? m_id : -1);
    }
  }
  for (auto& [port, ticket] : smem_flows) port->finish(ticket);
  m_env.clock.align();
  for (Cta* t : dests) {
    if (t->smem->at(0) == nullptr) break;
    for (uint64_t r = 0; r < rows.box && load; ++r) {
      uint8_t* dst = t->smem->at(smem + r * cols.box);
      const uint64_t n = r < rows.valid ? cols.valid : 0;
      if (n) std::memcpy(dst, m_env.gm.data(gm + r * ld, n), n);
      std::memset(dst + n, 0, cols.box - n);
    }
    for (uint64_t r = 0; r < rows.valid && !load; ++r) {
      std::memcpy(m_env.gm.data(gm + r * ld, cols.valid), t->smem->at(smem + r * cols.box),
                  cols.valid);
    }
  }
  const uint64_t now = sc_core::sc_time_stamp().value();
  double lat = 0;
  const uint64_t gm_bytes = rows.valid * cols.valid;  // the valid box, not its span in GM
  if (load) {
    lat = c.tma_latency_cycles + (missed > 0 ? c.tma_miss_latency_cycles : 0);
    s_act.tma_load_bytes += gm_bytes;  // GM side: once, however many SMs receive it
    for (Cta* t : dests) t->sm->s_act.smem_write_bytes += box_bytes;
  } else {
    s_act.tma_store_bytes += gm_bytes;
    s_act.smem_read_bytes += box_bytes;
  }
  const uint64_t at = now + Clock::ceil_cycles(lat) * m_env.clock.period_fs();
  for (Cta* t : dests) {
    // a peer's mbarrier is not shown by this SM's observer (track -1)
    t->bars->complete_tx(bar, box_bytes, at, t == &cta ? static_cast<int>(e.pipe()) : -1, d.pc);
  }
}

// A role is one warpgroup: its wgmma accumulators (64 x N FP32 = N/2 registers per thread)
// live in its threads' registers, so all it accumulates into must fit the CTA's registers per
// thread (.regs). Checked at the access: only then are N and the accumulator's address known.
void SmCore::check_role_registers(Role& ro, uint64_t acc, uint64_t bytes, const char* thread,
                                  uint32_t pc) {
  uint64_t lo = acc, hi = acc + bytes;
  auto it = ro.acc_ranges.upper_bound(lo);
  if (it != ro.acc_ranges.begin() && std::prev(it)->second >= lo) --it;
  while (it != ro.acc_ranges.end() && it->first <= hi) {  // merge overlapping or adjacent ranges
    lo = std::min(lo, it->first);
    hi = std::max(hi, it->second);
    it = ro.acc_ranges.erase(it);
  }
  ro.acc_ranges.emplace(lo, hi);
  uint64_t total = 0;
  for (const auto& [a, b] : ro.acc_ranges) total += b - a;
  const uint64_t per_thread_bytes = config::kThreadsPerRole * 4;
  const uint64_t need = (total + per_thread_bytes - 1) / per_thread_bytes;
  const uint64_t have = *m_env.launch.cta.regs;
  if (need > have) {
    fault(FaultKind::kBufferRange,
          fmt::format("{}role '{}': its wgmma accumulators cover {} bytes of the RF, {} registers "
                      "per thread of its warpgroup (64 x N FP32 is N/2 per thread), more than the "
                      "{} registers per thread the CTA declares (.regs)",
                      cta_prefix(*ro.cta), ro.name, total, need, have),
          thread, pc);
  }
}

void SmCore::exec_wgmma(Engine& e, const Dispatched& d) {
  const isa::OpInfo& info = *d.inst->info;
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const char* thread = e.basename();
  const bool s8 = info.dtype == Dtype::kS8;
  const uint64_t kfull = s8 ? 32 : 16, es = s8 ? 1 : 2, m = 64;
  const uint64_t acc = d.v[0], a = d.v[1], b = d.v[2], n = d.v[3] & kLow32, lda = d.v[4],
                 ldb = d.v[5];
  const uint64_t kv = (d.v[3] >> 32) == 0 ? kfull : d.v[3] >> 32;
  auto require = [&](bool ok, auto why) {  // why: a callable, formatted only on failure
    if (!ok) fault(FaultKind::kShape, fmt::format("'{}': {}", info.mnemonic, why()), thread, d.pc);
  };
  require(n >= 8 && n <= 256 && n % 8 == 0,
          [&] { return fmt::format("N={} is not one of 8, 16, ..., 256", n); });
  require(kv <= kfull,
          [&] { return fmt::format("valid k={} exceeds the instruction's K={}", kv, kfull); });
  require(lda >= kv && ldb >= n && lda < (1u << 20) && ldb < (1u << 20), [&] {
    return fmt::format("row pitches lda={} / ldb={} too small or too large for k={} n={}", lda, ldb,
                       kv, n);
  });
  Role& ro = role(d.thread);
  Cta& cta = *ro.cta;
  check_window(cta, *cta.smem, a, func::tile_extent(m, kv, lda) * es, "operand A", thread, d.pc);
  check_window(cta, *cta.smem, b, func::tile_extent(kv, n, ldb) * es, "operand B", thread, d.pc);
  check_window(cta, *cta.rf, acc, m * n * 4, "accumulator", thread, d.pc);
  if (m_env.launch.cta.regs) check_role_registers(ro, acc, m * n * 4, thread, d.pc);
  const uint64_t macs = m * n * kfull;
  const double mac_cycles = static_cast<double>(macs) / (s8 ? c.tensor_macs_s8 : c.tensor_macs_f16);
  // The tensor cores are occupied max(MAC cycles, min_cycles); A and B (B once for the 4 tensor
  // cores) stream from SMEM over that occupancy, longer when the SMEM port is shared past its
  // bandwidth: the stretch delays the result too.
  const uint64_t operand_bytes = (m + n) * kfull * es, compute = Clock::ceil_cycles(mac_cycles);
  const uint64_t occupancy = std::max(compute, Clock::ceil_cycles(c.tensor_min_cycles));
  const uint64_t start_fs = sc_core::sc_time_stamp().value();
  const uint64_t busy = m_smem_port->access(static_cast<double>(operand_bytes), occupancy);
  if (cta.rf->at(0) != nullptr) {
    if (s8) {
      func::wgmma_s8(reinterpret_cast<int32_t*>(cta.rf->at(acc)), n,
                     reinterpret_cast<const int8_t*>(cta.smem->at(a)), lda,
                     reinterpret_cast<const int8_t*>(cta.smem->at(b)), ldb, m, n, kv, info.init);
    } else {
      func::wgmma_f16(reinterpret_cast<float*>(cta.rf->at(acc)), n,
                      reinterpret_cast<const uint16_t*>(cta.smem->at(a)), lda,
                      reinterpret_cast<const uint16_t*>(cta.smem->at(b)), ldb, m, n, kv, info.init);
    }
  }
  (s8 ? s_act.macs_s8 : s_act.macs_f16) += macs;
  s_act.smem_read_bytes += operand_bytes;
  s_act.rf_acc_bytes += m * n * 4 * (info.init ? 1 : 2);
  ++ro.wg_finished;
  if (m_sync) {  // the last wgmma of a committed group completes it
    auto g = std::find(ro.wg_groups.begin(), ro.wg_groups.end(), ro.wg_finished);
    if (g != ro.wg_groups.end()) {
      const uint64_t group = ro.wg_committed - ro.wg_groups.size() + (g - ro.wg_groups.begin());
      m_sync->on_phase_signal(static_cast<int>(e.pipe()), wgmma_key(d.thread), group, "wgmma group",
                              d.pc);
    }
  }
  // the result: tail after the MACs (measured: latency tail + N/2 even where the occupancy is
  // min_cycles), plus the port's stretch
  const uint64_t tail = Clock::ceil_cycles(s8 ? c.tensor_tail_s8_cycles : c.tensor_tail_cycles);
  const uint64_t ready =
      std::max<uint64_t>(sc_core::sc_time_stamp().value(),
                         start_fs + (compute + busy - occupancy + tail) * m_env.clock.period_fs());
  ro.wg_ready.emplace_back(ro.wg_finished, ready);
  if (ro.wg_finished >= ro.wg_awaited) ro.ev.notify(sc_core::SC_ZERO_TIME);
}

void SmCore::exec_epi(Engine& e, const Dispatched& d) {
  const isa::OpInfo& info = *d.inst->info;
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const char* thread = e.basename();
  const uint64_t dst = d.v[0], acc = d.v[1], rows = d.v[2], cols = d.v[3], ld = d.v[4],
                 acc_ld = d.v[5];
  const auto es = static_cast<uint64_t>(isa::dtype_bytes(info.dtype));
  auto require = [&](bool ok, auto why) {  // why: a callable, formatted only on failure
    if (!ok) fault(FaultKind::kShape, fmt::format("'{}': {}", info.mnemonic, why()), thread, d.pc);
  };
  require(rows > 0 && cols > 0 && rows < (1u << 20) && cols < (1u << 20),
          [&] { return fmt::format("tile {} x {} empty or out of range", rows, cols); });
  require(ld >= cols && acc_ld >= cols, [&] {
    return fmt::format("row strides ld={} / acc_ld={} smaller than cols={}", ld, acc_ld, cols);
  });
  Role& ro = role(d.thread);
  Cta& cta = *ro.cta;
  check_window(cta, *cta.rf, acc, func::tile_extent(rows, cols, acc_ld) * 4, "accumulator", thread,
               d.pc);
  const uint64_t gm_len = func::tile_extent(rows, cols, ld) * es;
  if (m_env.gm.find(dst, gm_len) == nullptr) {
    fault(FaultKind::kGmRange, fmt::format("destination {}", m_env.gm.describe(dst, gm_len)),
          thread, d.pc);
  }
  const Opcode op = info.opcode;
  const bool scaled = op == Opcode::kEpiAbF16 || op == Opcode::kEpiAbF32 || op == Opcode::kEpiAbS8;
  const func::EpiScale scale = scaled ? ro.epi_scale : func::EpiScale{};
  if (scale.reads_c()) {  // C_in, read in place before the tile is converted
    const uint64_t missed =
        m_env.mem.transfer(dst, rows, cols * es, ld * es, c.simt_port_bytes_per_cycle, false);
    m_env.clock.align();
    e.wait_cycles(
        Clock::ceil_cycles(c.lsu_latency_cycles + (missed > 0 ? c.lsu_miss_latency_cycles : 0)));
    s_act.epi_load_bytes += rows * cols * es;
  }
  e.wait_cycles(Clock::ceil_cycles(c.simt_head_cycles +
                                   static_cast<double>(rows * cols) / c.simt_elems_per_cycle));
  m_env.mem.transfer(dst, rows, cols * es, ld * es, c.simt_port_bytes_per_cycle, true);
  m_env.clock.align();
  if (cta.rf->at(0) != nullptr) {
    uint8_t* out = m_env.gm.data(dst, gm_len);
    const auto* acc_f32 = reinterpret_cast<const float*>(cta.rf->at(acc));
    if (op == Opcode::kEpiAbF16) {
      func::epi_ab_f16(out, ld, acc_f32, acc_ld, rows, cols, scale);
    } else if (op == Opcode::kEpiAbF32) {
      func::epi_ab_f32(out, ld, acc_f32, acc_ld, rows, cols, scale);
    } else if (op == Opcode::kEpiAbS8) {
      func::epi_ab_s8(out, ld, reinterpret_cast<const int32_t*>(cta.rf->at(acc)), acc_ld, rows,
                      cols, scale);
    } else if (info.opcode == Opcode::kEpiF16) {
      func::epi_f16(out, ld, reinterpret_cast<const float*>(cta.rf->at(acc)), acc_ld, rows, cols);
    } else if (info.opcode == Opcode::kEpiF32) {
      func::epi_f32(out, ld, reinterpret_cast<const float*>(cta.rf->at(acc)), acc_ld, rows, cols);
    } else {
      func::epi_s32(out, ld, reinterpret_cast<const int32_t*>(cta.rf->at(acc)), acc_ld, rows, cols);
    }
  }
  s_act.rf_acc_bytes += rows * cols * 4;
  s_act.epi_store_bytes += rows * cols * es;
  release_thread(d);
}

void SmCore::release_thread(const Dispatched& d) {
  Role& ro = role(d.thread);
  --ro.epi_pending;
  ro.ev.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace npu::model
