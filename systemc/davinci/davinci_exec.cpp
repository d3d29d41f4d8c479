// DaVinci engine instructions: what each does (via systemc/func, the single source of arithmetic)
// and what it costs (parameters from the chip YAML). Every operand footprint is checked against
// its buffer or GM allocation before anything moves; a violation is a firmware fault. Costs never
// depend on data, so timing-only runs (which skip the arithmetic) count the same cycles.
#include <bit>

#include <fmt/format.h>

#include "davinci/ai_core.h"
#include "davinci/cube_backend.h"
#include "davinci/cube_timing.h"
#include "func/cube_ops.h"
#include "func/img2col.h"
#include "func/layout.h"

namespace npu::model {

using isa::Dtype;
using isa::Opcode;
using isa::Pipe;

void AiCore::mte2_head(Engine& e, const Dispatched& d) {
  // The request could issue once it was dispatched, the flags before it were released and one
  // of core.mte2.outstanding slots was free (the transfer that many back had completed); its
  // head runs from then, overlapping the transfers still streaming.
  const config::DaVinciCoreConfig& c = m_env.cfg.core;
  const uint64_t period = m_env.clock.period_fs();
  uint64_t issue = std::max(d.ready_fs, e.dependency_fs());
  if (m_mte2_done_fs.size() >= c.mte2_outstanding) issue = std::max(issue, m_mte2_done_fs.front());
  const uint64_t head_end = issue + Clock::ceil_cycles(c.mte2.head_cycles) * period;
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (head_end > now) e.wait_cycles((head_end - now + period - 1) / period);
}

void AiCore::mte2_done() {
  m_mte2_done_fs.push_back(sc_core::sc_time_stamp().value());
  while (m_mte2_done_fs.size() > m_env.cfg.core.mte2_outstanding) m_mte2_done_fs.pop_front();
}

void AiCore::execute_engine(Engine& e, const Dispatched& d) {
  const isa::Inst& inst = *d.inst;
  const isa::OpInfo& info = *inst.info;
  const config::DaVinciCoreConfig& c = m_env.cfg.core;
  const Clock& clk = m_env.clock;
  const bool fn = !m_env.opts.timing_only;
  const std::string& thread = thread_name(e.pipe());
  const auto& v = d.v;

  auto check_buf = [&](LocalBuffer& b, uint64_t addr, uint64_t len, const char* what) {
    if (auto err = b.check(addr, len, what)) fault(err->first, err->second, thread, d.pc);
  };
  auto check_gm = [&](uint64_t addr, uint64_t len, const char* what) {
    if (m_env.gm.find(addr, len) == nullptr) {
      fault(FaultKind::kGmRange, fmt::format("{} {}", what, m_env.gm.describe(addr, len)), thread,
            d.pc);
    }
  };
  auto require = [&](bool ok, auto&& why) { check_shape(ok, info, thread, d.pc, why); };

  switch (inst.opcode()) {
    case Opcode::kCcSetFlag:
      e.wait_cycles(Clock::ceil_cycles(c.flag_cycles));
      cross_set(inst.imm_byte(1), inst.imm_byte(2), thread, d.pc);
      break;
    case Opcode::kCcWaitFlag:
      e.blocked(fmt::format("cc_wait_flag id {}", inst.imm_byte(2)),
                [&] { cross_wait(inst.imm_byte(2), thread, d.pc); });
      e.wait_cycles(Clock::ceil_cycles(c.flag_cycles));
      break;
    case Opcode::kNd2nzF16: case Opcode::kNd2nzBF16: case Opcode::kNd2nzS8: {
      const uint64_t dst = v[0], src = v[1], rows = v[2], cols = v[3], ld = v[4];
      const auto es = static_cast<uint64_t>(isa::dtype_bytes(info.dtype));
      require(rows > 0 && cols > 0, [&] { return fmt::format("empty tile {} x {}", rows, cols); });
      require(ld >= cols,
              [&] { return fmt::format("row stride ld={} is smaller than cols={}", ld, cols); });
      require(rows < (1u << 20) && cols < (1u << 20), "tile dimensions out of range");
      LocalBuffer& l1 = need(m_l1, "L1", info, thread, d.pc);
      check_gm(src, func::nd_extent(rows, cols, ld) * es, "source");
      check_buf(l1, dst, func::nz_bytes(info.dtype, rows, cols), "destination");
      mte2_head(e, d);
      m_env.mem.transfer(src, rows, cols * es, ld * es, c.mte2.bytes_per_cycle, false, id());
      clk.align();
      mte2_done();
      if (fn) func::nd2nz(info.dtype, l1.at(dst), m_env.gm.data(src, 1), rows, cols, ld);
      break;
    }
    case Opcode::kGm2Ub: case Opcode::kUb2Gm: {
      const bool in = inst.opcode() == Opcode::kGm2Ub;
      const uint64_t dst = v[0], src = v[1], bytes = v[2];
      require(bytes > 0, "zero-byte copy");
      uint64_t gm_addr = in ? src : dst, ub_addr = in ? dst : src;
      LocalBuffer& ub = need(m_ub, "UB", info, thread, d.pc);
      check_gm(gm_addr, bytes, in ? "source" : "destination");
      check_buf(ub, ub_addr, bytes, in ? "destination" : "source");
      const config::DmaConfig& dma = in ? c.mte2 : c.mte3;
      if (in) mte2_head(e, d);
      else e.wait_cycles(Clock::ceil_cycles(dma.head_cycles));
      m_env.mem.transfer(gm_addr, 1, bytes, bytes, dma.bytes_per_cycle, !in, id());
      clk.align();
      if (in) mte2_done();
      if (fn) {
        if (in) std::memcpy(ub.at(ub_addr), m_env.gm.data(gm_addr, bytes), bytes);
        else std::memcpy(m_env.gm.data(gm_addr, bytes), ub.at(ub_addr), bytes);
      }
      break;
    }
    case Opcode::kLoadL0aF16: case Opcode::kLoadL0aTF16: case Opcode::kLoadL0bF16:
    case Opcode::kLoadL0bTF16: case Opcode::kLoadL0aS8: case Opcode::kLoadL0aTS8:
    case Opcode::kLoadL0bS8: case Opcode::kLoadL0bTS8: {
      const Opcode op = inst.opcode();
      const bool is_a = op == Opcode::kLoadL0aF16 || op == Opcode::kLoadL0aTF16 ||
                        op == Opcode::kLoadL0aS8 || op == Opcode::kLoadL0aTS8;
      const uint64_t dst = v[0], src = v[1], p = v[2], q = v[3], src_rows = v[4];
      const auto es = static_cast<uint64_t>(isa::dtype_bytes(info.dtype));
      require(p > 0 && q > 0, [&] { return fmt::format("empty tile {} x {}", p, q); });
      require(p < (1u << 16) && q < (1u << 16), "tile dimensions out of range");
      require(src_rows % 16 == 0 && src_rows > 0, [&] {
        return fmt::format("src_rows={} is not a positive multiple of 16", src_rows);
      });
      LocalBuffer& l0 = is_a ? *m_l0a : *m_l0b;
      const uint64_t out_bytes =
          is_a ? func::l0a_bytes(info.dtype, p, q) : func::l0b_bytes(info.dtype, p, q);
      const uint64_t src_elems =
          is_a ? func::src_extent_load_l0a(info.dtype, p, q, src_rows, info.transpose)
               : func::src_extent_load_l0b(info.dtype, p, q, src_rows, info.transpose);
      check_buf(*m_l1, src, src_elems * es, "source");
      check_buf(l0, dst, out_bytes, "destination");
      const double rate = is_a ? c.mte1_l0a_bytes_per_cycle : c.mte1_l0b_bytes_per_cycle;
      e.wait_cycles(Clock::ceil_cycles(c.mte1_head_cycles + out_bytes / rate));
      if (fn) {
        if (is_a) func::load_l0a(info.dtype, l0.at(dst), m_l1->at(src), p, q, src_rows, info.transpose);
        else func::load_l0b(info.dtype, l0.at(dst), m_l1->at(src), p, q, src_rows, info.transpose);
      }
      break;
    }
    case Opcode::kLoad3dF16: {
      const uint64_t dst = v[0], src = v[1], row0 = v[4] & 0xFFFFFFFF, k0 = v[4] >> 32;
      const uint64_t m = v[5] & 0xFFFFFFFF, k = v[5] >> 32;
      const func::Img2colGeom g = func::decode_img2col(v[2], v[3]);
      const std::string bad = g.invalid();
      require(bad.empty(), [&] { return "geometry: " + bad; });
      require(m > 0 && k > 0 && m < (1u << 16) && k < (1u << 16),
              [&] { return fmt::format("tile m={} k={} out of range", m, k); });
      check_buf(*m_l1, src, g.src_elems() * 2, "source");
      const func::RowSpan need = func::rows_needed(g, row0, m);
      require(
          need.first > need.last || (need.first >= g.row0 && need.last < g.row0 + g.band_rows()),
          [&] {
            return fmt::format("the tile reads image rows {}..{} but L1 holds rows {}..{}",
                               need.first, need.last, g.row0, g.row0 + g.band_rows() - 1);
          });
      const uint64_t out_bytes = func::l0a_bytes(Dtype::kF16, m, k);
      check_buf(*m_l0a, dst, out_bytes, "destination");
      e.wait_cycles(Clock::ceil_cycles(c.mte1_head_cycles + out_bytes / c.mte1_l0a_bytes_per_cycle));
      if (fn) {
        func::load3d_f16(reinterpret_cast<uint16_t*>(m_l0a->at(dst)),
                         reinterpret_cast<const uint16_t*>(m_l1->at(src)), g, row0, m, k0, k);
      }
      break;
    }
    case Opcode::kLoadBt: case Opcode::kLoadFb: {
      const bool bt = inst.opcode() == Opcode::kLoadBt;
      const uint64_t dst = v[0], src = v[1], bytes = v[2];
      require(bytes > 0, "zero-byte copy");
      LocalBuffer& to = need(bt ? m_bt : m_fb, bt ? "BT" : "FB", info, thread, d.pc);
      LocalBuffer& l1 = need(m_l1, "L1", info, thread, d.pc);
      check_buf(l1, src, bytes, "source");
      check_buf(to, dst, bytes, "destination");
      const double rate = bt ? c.bt_load_bytes_per_cycle : c.fb_load_bytes_per_cycle;
      e.wait_cycles(Clock::ceil_cycles(c.mte1_head_cycles + bytes / rate));
      if (fn) std::memcpy(to.at(dst), l1.at(src), bytes);
      break;
    }
    case Opcode::kMmadF16: case Opcode::kMmadInitF16: case Opcode::kMmadS8:
    case Opcode::kMmadInitS8: case Opcode::kMmadBiasF16: case Opcode::kMmadBiasS8: {
      const bool s8 = info.dtype == Dtype::kS8;
      const bool bias =
          inst.opcode() == Opcode::kMmadBiasF16 || inst.opcode() == Opcode::kMmadBiasS8;
      const uint64_t cc = v[0], a = v[1], b = v[2], m = v[3], k = v[4];
      const uint64_t n = bias ? v[5] & 0xFFFFFFFF : v[5], bt_addr = bias ? v[5] >> 32 : 0;
      require(m > 0 && k > 0 && n > 0,
              [&] { return fmt::format("empty shape m={} k={} n={}", m, k, n); });
      require(m < (1u << 16) && k < (1u << 16) && n < (1u << 16), "shape out of range");
      check_buf(*m_l0a, a, func::l0a_bytes(info.dtype, m, k), "left operand");
      check_buf(*m_l0b, b, func::l0b_bytes(info.dtype, k, n), "right operand");
      check_buf(*m_l0c, cc, func::l0c_bytes(Dtype::kF32, m, n), "accumulator");
      if (bias) {
        LocalBuffer& bt = need(m_bt, "BT", info, thread, d.pc);
        check_buf(bt, bt_addr, n * 4, "bias");
        // the bias is the accumulator's starting value (the MMAD then accumulates onto it)
        if (fn) {
          func::fill_bias(reinterpret_cast<uint32_t*>(m_l0c->at(cc)),
                          reinterpret_cast<const uint32_t*>(bt.at(bt_addr)), m, n);
        }
      }
      const uint64_t c0 = func::c0_of(info.dtype);
      const double fractals = static_cast<double>(func::ceil_div(m, 16)) *
                              func::ceil_div(k, c0) * func::ceil_div(n, 16);
      (s8 ? s_macs_s8 : s_macs_f16) += static_cast<uint64_t>(fractals * (16.0 * c0 * 16));
      const bool idle = sc_core::sc_time_stamp().value() != m_cube_last_end_fs;
      uint64_t cycles = Clock::ceil_cycles(cube_mmad_cycles(c, info.dtype, fractals, idle));
      // --cube rtl: the RTL computes now (delta cycles) into a copy that lands when the MMAD ends.
      std::vector<uint8_t> rtl_tile;
      const uint64_t tile_bytes = func::l0c_bytes(Dtype::kF32, m, n);
      if (m_env.opts.cube != nullptr) {
        rtl_tile.assign(m_l0c->at(cc), m_l0c->at(cc) + tile_bytes);
        cycles = m_env.opts.cube->mmad(id(), info.dtype, rtl_tile.data(), m_l0a->at(a),
                                       m_l0b->at(b), m, k, n, info.init, !idle, cycles);
      }
      e.wait_cycles(cycles);
      m_cube_last_end_fs = sc_core::sc_time_stamp().value();
      if (!rtl_tile.empty()) {
        std::memcpy(m_l0c->at(cc), rtl_tile.data(), tile_bytes);
      } else if (fn && s8) {
        func::mmad_s8(reinterpret_cast<int32_t*>(m_l0c->at(cc)),
                      reinterpret_cast<const int8_t*>(m_l0a->at(a)),
                      reinterpret_cast<const int8_t*>(m_l0b->at(b)), m, k, n, info.init);
      } else if (fn) {
        func::mmad_f16(reinterpret_cast<float*>(m_l0c->at(cc)),
                       reinterpret_cast<const uint16_t*>(m_l0a->at(a)),
                       reinterpret_cast<const uint16_t*>(m_l0b->at(b)), m, k, n, info.init);
      }
      break;
    }
    case Opcode::kFixF16: case Opcode::kFixF32: case Opcode::kFixS32: case Opcode::kFixS8:
    case Opcode::kFixBF16: case Opcode::kFixS8Fb: {
      const uint64_t dst = v[0], src = v[1], m = v[2], n = v[3], ld = v[4];
      const auto es = static_cast<uint64_t>(isa::dtype_bytes(info.dtype));
      require(m > 0 && n > 0, [&] { return fmt::format("empty tile {} x {}", m, n); });
      require(ld >= n, [&] { return fmt::format("row stride ld={} is smaller than n={}", ld, n); });
      require(m < (1u << 20) && n < (1u << 20), "tile dimensions out of range");
      check_buf(*m_l0c, src, func::l0c_bytes(Dtype::kF32, m, n), "source");
      check_gm(dst, func::nd_extent(m, n, ld) * es, "destination");
      LocalBuffer* fb = nullptr;
      if (inst.opcode() == Opcode::kFixS8Fb) {
        fb = &need(m_fb, "FB", info, thread, d.pc);
        check_buf(*fb, v[5], n * 4, "scales");
      }
      e.wait_cycles(Clock::ceil_cycles(c.fix_head_cycles));
      // L0C is read at fix.l0c_rate (4 bytes per element) while results stream out at fix.port.
      const double port = std::min(c.fix_out_bytes_per_cycle, c.fix_l0c_bytes_per_cycle * es / 4.0);
      m_env.mem.transfer(dst, m, n * es, ld * es, port, true, id());
      clk.align();
      if (fn) {
        uint8_t* out = m_env.gm.data(dst, 1);
        auto* acc = reinterpret_cast<const float*>(m_l0c->at(src));
        auto* iacc = reinterpret_cast<const int32_t*>(m_l0c->at(src));
        switch (inst.opcode()) {
          case Opcode::kFixF16: func::fix_f16(out, acc, m, n, ld); break;
          case Opcode::kFixBF16: func::fix_bf16(out, acc, m, n, ld); break;
          case Opcode::kFixS32: func::fix_s32(out, iacc, m, n, ld); break;
          case Opcode::kFixS8:
            func::fix_s8(out, iacc, m, n, ld, std::bit_cast<float>(static_cast<uint32_t>(v[5])));
            break;
          case Opcode::kFixS8Fb:
            func::fix_s8_per_channel(out, iacc, m, n, ld,
                                     reinterpret_cast<const float*>(fb->at(v[5])));
            break;
          default: func::fix_f32(out, acc, m, n, ld); break;
        }
      }
      break;
    }
    default:
      if (info.pipe != Pipe::kVec) {
        fault(FaultKind::kIllegalInst, fmt::format("'{}' has no engine semantics", info.mnemonic),
              thread, d.pc);
      }
      execute_vec(e, d);  // vec_exec.cpp
      break;
  }
}

}  // namespace npu::model
