// The chip top level (see chip.h).
#include "chip/chip.h"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "davinci/ai_core.h"
#include "tensorcore/sm_core.h"

namespace npu::model {

Chip::Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, const as::Image& image,
           double freq_mhz, uint32_t cores, RunOptions opts)
    : sc_core::sc_module(name),
      m_cfg(cfg),
      m_opts(opts),
      m_clock(freq_mhz),
      m_gm(cfg.memory.gm_alloc_align, !opts.timing_only) {
  m_mem = std::make_unique<MemorySystem>("mem", cfg.memory, m_clock);
  if (cfg.family == isa::Family::kDaVinci) m_mem->set_core_ports(cfg.core.gm_port);
  m_launch.image = &image;
  for (uint64_t w : image.code) {
    isa::DecodeResult r = isa::decode(image.family, w);
    // the image loader validated every word; a failure here is an internal error
    m_launch.code.push_back(r.inst ? *r.inst : isa::Inst{});
  }
  m_launch.params.assign(image.params.size(), 0);
  m_bound.assign(image.params.size(), false);
  m_launch.block_dim = cores;
  m_blocks = std::make_unique<BlockScheduler>(cores);
  if (cfg.family == isa::Family::kTensorCore) set_cta_resources({});
  // Entry points: a coupled core starts at pc 0. On a split core the AIC starts at `aic_main` and
  // the AIVs at `aiv_main`; a kernel with neither label runs on the AIC from pc 0 (AIVs idle).
  const bool split = cfg.core.organisation == config::CoreOrganisation::kSplit;
  std::optional<uint32_t> aic_entry, aiv_entry;
  if (auto pc = image.symbol_pc("aic_main")) aic_entry = static_cast<uint32_t>(*pc);
  if (auto pc = image.symbol_pc("aiv_main")) aiv_entry = static_cast<uint32_t>(*pc);
  if (!aic_entry && !aiv_entry) aic_entry = 0;
  for (uint32_t i = 0; i < cores; ++i) {
    m_core_blocks.push_back(std::make_unique<CoreBlocks>(*m_blocks));
    CoreEnv env{cfg,    m_clock, m_gm, *m_mem, m_faults, m_launch, *m_core_blocks.back(),
                m_ffts, opts};
    const int core = static_cast<int>(i);
    if (cfg.family == isa::Family::kTensorCore) {
      m_sms.push_back(std::make_unique<SmCore>(fmt::format("sm{}", i).c_str(), core, env));
      continue;
    }
    if (!split) {
      SubCoreId who{SubCoreKind::kCoupled, core, 0, 0};
      m_cores.push_back(std::make_unique<AiCore>(who.vcd().c_str(), who, 0u, env));
      continue;
    }
    const int aivs = static_cast<int>(cfg.core.aivs);
    SubCoreId aic{SubCoreKind::kAic, core, 0, aivs};
    m_cores.push_back(
        std::make_unique<AiCore>(fmt::format("core{}_aic", i).c_str(), aic, aic_entry, env));
    for (int v = 0; v < aivs; ++v) {
      SubCoreId aiv{SubCoreKind::kAiv, core, v, aivs};
      m_cores.push_back(
          std::make_unique<AiCore>(fmt::format("core{}_aiv{}", i, v).c_str(), aiv, aiv_entry, env));
    }
  }
  m_ffts.set_cores_used(static_cast<int>(cores));
  if (cfg.family == isa::Family::kTensorCore) {
    // Each SM's TMA ingress (sm.tma.port) is a shared constraint: a multicast from a cluster
    // peer takes a share of it (its own loads run one at a time, capped at the same rate).
    m_mem->set_core_ports({cfg.sm.tma_port_bytes_per_cycle, cfg.sm.simt_port_bytes_per_cycle, 0});
  }
  if (cfg.power.present) {
    m_power = std::make_unique<PowerMonitor>(
        "power", cfg, m_clock, [this] { return activity_now(); }, opts.power_governor);
  }
}

// Sub-cores of a split core share one physical core's clock tree: active time counts per
// physical core (sub-core time / sub-cores per core).
power::Activity Chip::activity_now() const {
  power::Activity a;
  const uint64_t now = sc_core::sc_time_stamp().value();
  a.seconds = static_cast<double>(now) * 1e-15;
  a.cores = static_cast<uint32_t>(m_core_blocks.size());
  const double per_core = static_cast<double>(m_cores.size()) / std::max<size_t>(1, a.cores);
  auto& n = a.counts;
  for (const auto& c : m_cores) {
    a.active_core_seconds += static_cast<double>(c->active_fs(now)) * 1e-15 / per_core;
    n["macs_f16"] += static_cast<double>(c->s_macs_f16);
    n["macs_s8"] += static_cast<double>(c->s_macs_s8);
    n["vec_bytes"] += static_cast<double>(c->s_vec_bytes);
    n["scalar_instructions"] += static_cast<double>(c->scalar_instructions());
    for (isa::Pipe p : pipes_of(c->who().kind)) {
      n["engine_instructions"] += static_cast<double>(c->engine_or_null(p)->s_instructions);
    }
    for (const LocalBuffer* b : c->buffers()) {
      n["bytes." + b->name()] += static_cast<double>(b->s_bytes);
    }
  }
  for (const auto& c : m_sms) {  // tensor-core SMs: their own activity counters
    const uint64_t active = c->done() ? (c->blocks_run() > 0 ? c->finish_fs() : 0) : now;
    a.active_core_seconds += static_cast<double>(active) * 1e-15;
    const SmActivity& s = c->activity();
    n["macs_f16"] += static_cast<double>(s.macs_f16);
    n["macs_s8"] += static_cast<double>(s.macs_s8);
    n["tma_load_bytes"] += static_cast<double>(s.tma_load_bytes);
    n["tma_store_bytes"] += static_cast<double>(s.tma_store_bytes);
    n["smem_write_bytes"] += static_cast<double>(s.smem_write_bytes);
    n["smem_read_bytes"] += static_cast<double>(s.smem_read_bytes);
    n["rf_acc_bytes"] += static_cast<double>(s.rf_acc_bytes);
    n["epi_store_bytes"] += static_cast<double>(s.epi_store_bytes);
    n["epi_load_bytes"] += static_cast<double>(s.epi_load_bytes);
    n["lsu_gm_bytes"] += static_cast<double>(s.lsu_gm_bytes);
    n["lsu_smem_bytes"] += static_cast<double>(s.lsu_smem_bytes);
    n["lsu_rf_bytes"] += static_cast<double>(s.lsu_rf_bytes);
    n["scalar_instructions"] += static_cast<double>(c->scalar_instructions());
    for (isa::Pipe p : kSmEnginePipes) {
      n["engine_instructions"] += static_cast<double>(c->engine(p).s_instructions);
    }
  }
  n["l2_bytes"] = static_cast<double>(m_mem->s_l2_bytes);
  n["hbm_bytes"] = static_cast<double>(m_mem->s_hbm_bytes);
  return a;
}

Chip::~Chip() = default;

std::string Chip::bind(const std::string& name, uint64_t value) {
  for (size_t i = 0; i < m_launch.image->params.size(); ++i) {
    if (m_launch.image->params[i].name == name) {
      m_launch.params[i] = value;
      m_bound[i] = true;
      return {};
    }
  }
  return fmt::format("kernel '{}' declares no parameter '{}'", m_launch.image->kernel, name);
}

std::vector<std::string> Chip::unbound_params() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < m_bound.size(); ++i) {
    if (!m_bound[i]) out.push_back(m_launch.image->params[i].name);
  }
  return out;
}

void Chip::set_block_dim(uint32_t blocks) {
  m_launch.block_dim = blocks;
  m_blocks->reset(blocks);
  m_ffts.set_cores_used(static_cast<int>(std::min<size_t>(blocks, m_core_blocks.size())));
}

std::string Chip::launch_error() const {
  const uint32_t c = m_cluster_dim;
  if (c == 1) return {};
  if (m_cfg.family != isa::Family::kTensorCore) {
    return fmt::format("a cluster size of {}: thread-block clusters are a tensor-core feature", c);
  }
  if (c < 1 || c > m_cfg.sm.cluster_max) {
    return fmt::format("a cluster size of {} is outside 1..{} (sm.cluster.max)", c,
                       m_cfg.sm.cluster_max);
  }
  if (c > m_sms.size()) {
    return fmt::format("a cluster of {} CTAs needs at least {} SMs; the launch has {}", c, c,
                       m_sms.size());
  }
  if (m_launch.block_dim % c != 0) {
    return fmt::format("the grid of {} CTAs is not a multiple of the cluster size {}",
                       m_launch.block_dim, c);
  }
  return {};
}

void Chip::form_clusters() {
  if (m_sms.empty()) return;
  if (std::string err = launch_error(); !err.empty()) throw std::invalid_argument(err);
  const uint32_t c = m_cluster_dim;
  const int slots = static_cast<int>(std::max<uint32_t>(m_launch.occupancy.ctas_per_sm, 1));
  m_blocks->reset(m_launch.block_dim / c);  // the scheduler hands out clusters
  m_groups.clear();
  // Slot S of SMs c*g .. c*g+c-1 form a group; SMs past the last whole group idle.
  for (int slot = 0; slot < slots; ++slot) {
    for (size_t first = 0; first < m_sms.size(); first += c) {
      const bool whole = first + c <= m_sms.size();
      std::vector<SmCore*> sms;
      for (size_t i = first; i < std::min<size_t>(first + c, m_sms.size()); ++i) {
        sms.push_back(m_sms[i].get());
      }
      for (size_t r = 0; r < (whole ? 1 : sms.size()); ++r) {
        const std::vector<SmCore*> members = whole ? sms : std::vector<SmCore*>{sms[r]};
        m_groups.push_back(std::make_unique<ClusterGroup>(whole ? *m_blocks : m_no_blocks, members,
                                                          slot, sms[0]->roles()));
        for (uint32_t rank = 0; rank < members.size(); ++rank) {
          members[rank]->join_cluster(slot, m_groups.back().get(), rank);
        }
      }
    }
  }
}

std::vector<AiCore*> Chip::cores() {
  std::vector<AiCore*> out;
  for (auto& c : m_cores) out.push_back(c.get());
  return out;
}

std::vector<SmCore*> Chip::sms() {
  std::vector<SmCore*> out;
  for (auto& c : m_sms) out.push_back(c.get());
  return out;
}

void Chip::set_cta_resources(const as::CtaDeclaration& host) {
  const as::CtaDeclaration& k = m_launch.image->cta;
  config::CtaResources& c = m_launch.cta;
  c.smem_bytes = host.smem_bytes ? host.smem_bytes : k.smem_bytes;
  // the register file claim is .regs or .rf: the host's, when it gives one, replaces the kernel's
  const bool host_rf = host.rf_bytes || host.regs;
  c.rf_bytes = host_rf ? host.rf_bytes : k.rf_bytes;
  c.regs = host_rf ? host.regs : k.regs;
  c.threads = host.threads ? host.threads : k.threads;
  c.roles = 0;
  for (const as::Symbol& s : m_launch.image->symbols) c.roles += s.name.starts_with("role_");
  c.roles = std::max<uint32_t>(c.roles, 1);
  m_launch.occupancy = config::sm_occupancy(m_cfg.sm, c);
}

RunResult Chip::run() {
  RunResult r;
  if (!m_sms.empty() && m_launch.occupancy.ctas_per_sm == 0) {  // callers check occupancy()
    Fault f;
    f.kind = FaultKind::kIllegalInst;
    f.message = "launch: " + m_launch.occupancy.error;
    r.fault = std::move(f);
    return r;
  }
  r.freq_mhz = m_clock.freq_mhz();
  r.cores_total = static_cast<uint32_t>(m_core_blocks.size());
  form_clusters();
  const sc_core::sc_time limit = m_clock.cycles(m_opts.max_cycles);
  sc_core::sc_start(limit, sc_core::SC_EXIT_ON_STARVATION);
  bool all_done = true;
  uint64_t end_fs = 0;
  for (auto& c : m_cores) {
    all_done = all_done && c->done();
    end_fs = std::max(end_fs, c->finish_fs());
  }
  for (auto& c : m_sms) {
    all_done = all_done && c->done();
    end_fs = std::max(end_fs, c->finish_fs());
  }
  r.fault = m_faults.fault();
  if (!r.fault && all_done) {
    std::string left = m_ffts.pending_sets();
    for (auto& c : m_cores) {
      if (std::string p = m_ffts.pending(c->ffts_slot()); !p.empty()) {
        left += fmt::format("{}{}: {}", left.empty() ? "" : "; ", c->who().label(), p);
      }
    }
    if (!left.empty()) {
      Fault f;
      f.kind = FaultKind::kUnconsumedFlag;
      f.message =
          fmt::format("the kernel ended with cross-core flags set and never waited for: {}", left);
      f.cycle = m_clock.to_cycles_ceil(sc_core::sc_time::from_value(end_fs));
      r.fault = std::move(f);
    }
  }
  if (!r.fault && !all_done) {
    Fault f;
    f.cycle = m_clock.now_cycles();
    if (sc_core::sc_pending_activity()) {  // stopped by the time limit, not by starvation
      f.kind = FaultKind::kCycleBudget;
      f.message =
          fmt::format("cycle budget of {} cycles exceeded (--max-cycles)", m_opts.max_cycles);
    } else {
      f.kind = FaultKind::kDeadlock;
      f.message = "every thread and engine is blocked and nothing can wake them";
    }
    for (auto& c : m_cores) {
      if (c->done()) continue;
      for (std::string& s : c->states()) f.states.push_back(std::move(s));
    }
    for (auto& c : m_sms) {
      if (c->done()) continue;
      for (std::string& s : c->states()) f.states.push_back(std::move(s));
    }
    r.fault = std::move(f);
  }
  r.completed = !r.fault;
  if (!r.completed) end_fs = sc_core::sc_time_stamp().value();
  r.cycles = m_clock.to_cycles_ceil(sc_core::sc_time::from_value(end_fs));
  r.seconds = static_cast<double>(end_fs) * 1e-15;
  r.delta_cycles = sc_core::sc_delta_count();
  const double period = static_cast<double>(m_clock.period_fs());
  std::set<int> used;
  for (auto& c : m_cores) {
    r.scalar_instructions += c->scalar_instructions();
    r.ub_bank_conflicts += c->vec_bank_conflicts();
    if (c->blocks_run() > 0) used.insert(c->id());
    // Split cores: an AIV pipe counts as the average over the core's AIVs (so busy shares stay
    // per core), and the AIVs' MTE2 is "AIV.MTE2", apart from the AIC's.
    const bool aiv = c->who().kind == SubCoreKind::kAiv;
    const double share = aiv ? 1.0 / c->who().aivs : 1.0;
    for (isa::Pipe p : pipes_of(c->who().kind)) {
      const Engine& e = c->engine(p);
      const bool shared_name = aiv && p == isa::Pipe::kMte2;
      EngineStats& s = r.engines[(shared_name ? "AIV." : "") + std::string(isa::pipe_name(p))];
      s.instructions += e.s_instructions;
      s.busy_cycles += static_cast<double>(e.s_busy_fs - e.s_flag_wait_fs) / period * share;
      s.flag_wait_cycles += static_cast<double>(e.s_flag_wait_fs) / period * share;
      s.mem_stall_cycles += static_cast<double>(e.s_mem_stall_fs) / period * share;
      s.queue_full_cycles += static_cast<double>(e.s_queue_full_fs) / period * share;
      r.engine_instructions += e.s_instructions;
    }
    for (const LocalBuffer* b : c->buffers()) r.buffer_bytes[b->name()] += b->s_bytes;
  }
  r.cores_used = static_cast<uint32_t>(used.size());
  for (auto& c : m_sms) {
    r.scalar_instructions += c->scalar_instructions();
    if (c->blocks_run() > 0) ++r.cores_used;
    for (isa::Pipe p : kSmEnginePipes) {
      const Engine& e = c->engine(p);
      EngineStats& s = r.engines[std::string(isa::pipe_name(isa::Family::kTensorCore, p))];
      s.instructions += e.s_instructions;
      s.busy_cycles += static_cast<double>(e.s_busy_fs) / period;
      r.engine_instructions += e.s_instructions;
    }
  }
  r.l2_bytes = m_mem->s_l2_bytes;
  r.hbm_bytes = m_mem->s_hbm_bytes;
  r.l2_hit_bytes = m_mem->l2().s_hit_bytes;
  r.l2_miss_bytes = m_mem->l2().s_miss_bytes;
  r.same_line_waits = m_mem->s_same_line_waits;
  r.same_line_cycles = static_cast<double>(m_mem->s_same_line_fs) / period;
  for (const auto& [name, v] : activity_now().counts) r.activity[name] = static_cast<uint64_t>(v);
  const double per_core =
      static_cast<double>(m_cores.size()) / std::max<size_t>(1, m_core_blocks.size());
  for (auto& c : m_cores) {
    r.active_core_seconds += static_cast<double>(c->active_fs(end_fs)) * 1e-15 / per_core;
  }
  for (auto& c : m_sms) {
    if (c->blocks_run() > 0) r.active_core_seconds += static_cast<double>(c->finish_fs()) * 1e-15;
  }
  if (m_power) {
    m_power->close(end_fs);
    r.power = m_power->samples();
  }
  return r;
}

}  // namespace npu::model
