// Fluid bandwidth sharing (see memory_system.h).
#include "mem/memory_system.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "core/engine.h"

namespace npu::model {

MemorySystem::MemorySystem(sc_core::sc_module_name name, const config::MemoryConfig& cfg,
                           const Clock& clock)
    : sc_core::sc_module(name),
      m_cfg(cfg),
      m_clock(clock),
      m_l2(cfg.l2_bytes, cfg.l2_line_bytes, cfg.l2_ways),
      m_hbm_bpfs(cfg.hbm_bytes_per_second * 1e-15),
      m_l2_bpfs(cfg.hbm_bytes_per_second * cfg.l2_bandwidth_ratio * 1e-15) {
  SC_METHOD(on_completion);
  sensitive << m_next;
  dont_initialize();
}

uint64_t MemorySystem::transfer(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride,
                                double port_bytes_per_cycle, bool is_write, int core) {
  const bool ported = m_has_ports && core >= 0;
  const int port = ported ? port_index(core, is_write) : -1;
  return run_flow(addr, rows, row_bytes, stride, port_bytes_per_cycle, is_write, ported ? core : -1,
                  std::span<const int>(&port, ported ? 1 : 0));
}

uint64_t MemorySystem::transfer_multicast(uint64_t addr, uint64_t rows, uint64_t row_bytes,
                                          uint64_t stride, double port_bytes_per_cycle,
                                          std::span<const int> cores) {
  std::array<int, kMaxFlowPorts> ports{};
  size_t n = 0;
  for (int c : cores) {
    if (m_has_ports && c >= 0 && n < kMaxFlowPorts) ports[n++] = port_index(c, false);
  }
  return run_flow(addr, rows, row_bytes, stride, port_bytes_per_cycle, false, n > 0 ? cores[0] : -1,
                  std::span<const int>(ports.data(), n));
}

uint64_t MemorySystem::run_flow(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride,
                                double port_bytes_per_cycle, bool is_write, int same_line_core,
                                std::span<const int> ports) {
  L2Tags::Result r = m_l2.access(addr, rows, row_bytes, stride);
  uint64_t bytes = r.hit_bytes + r.miss_bytes;
  if (bytes == 0) return 0;
  // The port and the L2 move whole aligned packages: a row segment costs every package it touches.
  const uint64_t moved = package_bytes(addr, rows, row_bytes, stride);
  uint64_t hbm = is_write ? bytes : r.miss_bytes;
  s_l2_bytes += bytes;
  s_hbm_bytes += hbm;
  ++s_transfers;
  const uint64_t start_fs = sc_core::sc_time_stamp().value();
  if (same_line_core >= 0) wait_same_line(addr, same_line_core);
  if (!is_write && r.miss_bytes > 0 && m_cfg.hbm_latency_cycles > 0) {
    sc_core::wait(m_clock.cycles(Clock::ceil_cycles(m_cfg.hbm_latency_cycles)));
  }
  if (m_free_events.empty()) m_free_events.push_back(&m_events.emplace_back());
  Flow f{static_cast<double>(moved), static_cast<double>(hbm) / moved,
         port_bytes_per_cycle / static_cast<double>(m_clock.period_fs())};
  f.done = m_free_events.back();
  for (int p : ports) f.ports[f.nports++] = p;
  m_free_events.pop_back();
  advance();
  m_flows.push_back(f);
  recompute();
  schedule();
  sc_core::wait(*f.done);
  m_free_events.push_back(f.done);
  charge_stall(start_fs, static_cast<double>(moved) / f.cap);
  return r.miss_bytes;
}

int MemorySystem::port_index(int core, bool is_write) const {
  return 2 * core + (is_write ? 1 : 0);
}

void MemorySystem::wait_same_line(uint64_t addr, int core) {
  const uint64_t now = sc_core::sc_time_stamp().value();
  const uint64_t hold = Clock::ceil_cycles(m_ports.same_line_cycles) * m_clock.period_fs();
  if (hold == 0) return;
  if (m_line_use.size() > 4096 && now > m_line_use_pruned_fs) {  // forget lines long free
    std::erase_if(m_line_use, [now](const auto& kv) { return kv.second.busy_until_fs < now; });
    m_line_use_pruned_fs = now;
  }
  LineUse& u = m_line_use[addr / m_cfg.l2_line_bytes];
  uint64_t start = now;
  if (u.core >= 0 && u.core != core && u.busy_until_fs > now) start = u.busy_until_fs;
  u.core = core;
  u.busy_until_fs = start + hold;
  if (start > now) {
    ++s_same_line_waits;
    s_same_line_fs += start - now;
    sc_core::wait(sc_core::sc_time::from_value(start - now));
  }
}

void MemorySystem::charge_stall(uint64_t start_fs, double unshared_fs) {
  // The engine whose thread called transfer() is the one that stalled.
  auto* e = dynamic_cast<Engine*>(sc_core::sc_get_current_process_handle().get_parent_object());
  const double took = static_cast<double>(sc_core::sc_time_stamp().value() - start_fs);
  if (e && took > unshared_fs) e->s_mem_stall_fs += static_cast<uint64_t>(took - unshared_fs);
}

uint64_t MemorySystem::package_bytes(uint64_t addr, uint64_t rows, uint64_t row_bytes,
                                     uint64_t stride) const {
  const uint64_t p = m_cfg.burst_bytes;
  if (stride == row_bytes) {  // contiguous: one segment
    row_bytes *= rows;
    rows = 1;
  }
  // Distinct packages touched, rows in ascending order (a package shared by two rows counts once).
  auto count = [&](auto package_of) {
    uint64_t packages = 0, next = 0;
    for (uint64_t i = 0; i < rows; ++i) {
      const uint64_t a = addr + i * stride;
      const uint64_t first = std::max(package_of(a), next), last = package_of(a + row_bytes - 1);
      if (last >= first) packages += last - first + 1;
      next = std::max(next, last + 1);
    }
    return packages * p;
  };
  if (std::has_single_bit(p)) {  // the usual case: a shift instead of two divisions per row
    const int shift = std::countr_zero(p);
    return count([shift](uint64_t a) { return a >> shift; });
  }
  return count([p](uint64_t a) { return a / p; });
}

double MemorySystem::hbm_rate_now() const {
  double r = 0;
  for (const Flow& f : m_flows) r += f.rate * f.miss_fraction;
  return r * 1e15;
}

void MemorySystem::advance() {
  uint64_t now = sc_core::sc_time_stamp().value();
  double dt = static_cast<double>(now - m_last_fs);
  if (dt > 0) {
    for (Flow& f : m_flows) f.remaining -= f.rate * dt;
  }
  m_last_fs = now;
}

void MemorySystem::recompute() {
  // Progressive filling: raise every unfrozen flow's rate together until an engine's cap, a
  // core's port, the L2 or the HBM saturates; freeze the flows it limits; repeat.
  // The core ports in use, in the order the flows first use them, and each flow's port.
  std::vector<Port>& ports = m_port_scratch;
  ports.clear();
  std::vector<Active>& active = m_active;
  active.clear();
  for (Flow& f : m_flows) {
    f.rate = 0;
    Active a{&f, {}};
    for (uint8_t i = 0; i < f.nports; ++i) {
      const int port = f.ports[i];
      if (static_cast<size_t>(port) >= m_port_slot.size()) m_port_slot.resize(port + 1, -1);
      int& slot = m_port_slot[port];
      if (slot < 0) {
        const double bpc = port % 2 ? m_ports.write_bytes_per_cycle : m_ports.read_bytes_per_cycle;
        slot = static_cast<int>(ports.size());
        ports.push_back(Port{port, bpc / static_cast<double>(m_clock.period_fs())});
      }
      a.slot[i] = slot;
    }
    active.push_back(a);
  }
  for (const Port& p : ports) m_port_slot[p.index] = -1;  // all -1 again for the next call
  double l2_left = m_l2_bpfs, hbm_left = m_hbm_bpfs;
  const double eps = 1e-12 * m_l2_bpfs;
  while (!active.empty()) {
    double l2_use = 0, hbm_use = 0, step = std::numeric_limits<double>::infinity();
    for (Port& p : ports) p.use = 0;
    for (const Active& a : active) {
      l2_use += 1.0;
      hbm_use += a.flow->miss_fraction;
      step = std::min(step, a.flow->cap - a.flow->rate);
      for (uint8_t i = 0; i < a.flow->nports; ++i) ports[a.slot[i]].use += 1.0;
    }
    if (l2_use > 0) step = std::min(step, l2_left / l2_use);
    if (hbm_use > 0) step = std::min(step, hbm_left / hbm_use);
    for (const Port& p : ports) {
      if (p.use > 0) step = std::min(step, p.left / p.use);
    }
    step = std::max(step, 0.0);
    for (const Active& a : active) a.flow->rate += step;
    l2_left -= step * l2_use;
    hbm_left -= step * hbm_use;
    for (Port& p : ports) p.left -= step * p.use;
    bool l2_full = l2_left <= eps, hbm_full = hbm_left <= eps;
    std::erase_if(active, [&](const Active& a) {
      const Flow* f = a.flow;
      bool port_full = false;
      for (uint8_t i = 0; i < f->nports; ++i) port_full = port_full || ports[a.slot[i]].left <= eps;
      return l2_full || (hbm_full && f->miss_fraction > 0) || f->rate >= f->cap * (1 - 1e-12) ||
             port_full;
    });
  }
  m_hbm_gbps = hbm_rate_now() * 1e-9;
  if (m_rate_listener) m_rate_listener(m_hbm_gbps);
}

void MemorySystem::schedule() {
  m_next.cancel();
  double soonest = std::numeric_limits<double>::infinity();
  for (const Flow& f : m_flows) {
    if (f.rate > 0) soonest = std::min(soonest, std::max(f.remaining, 0.0) / f.rate);
  }
  if (std::isfinite(soonest)) {
    m_next.notify(sc_core::sc_time::from_value(static_cast<uint64_t>(std::ceil(soonest))));
  }
}

void MemorySystem::on_completion() {
  advance();
  std::erase_if(m_flows, [](const Flow& f) {
    // within a femtosecond's worth of bytes: done
    if (f.remaining <= f.rate * 1.0 + 1e-9) {
      f.done->notify(sc_core::SC_ZERO_TIME);
      return true;
    }
    return false;
  });
  recompute();
  schedule();
}

}  // namespace npu::model
