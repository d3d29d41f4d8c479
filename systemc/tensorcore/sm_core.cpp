// The SM's CTA loop, control threads and thread-side instructions (see sm_core.h).
#include "tensorcore/sm_core.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <functional>
#include <tuple>

namespace npu::model {

using isa::Opcode;
using isa::Pipe;

namespace {
constexpr const char* kInClusterSync = "blocked in cluster.sync, cluster rank";
}  // namespace

// A CTA slot's loop or one control thread (warp role) as its own SystemC process.
class SmCore::Thread : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Thread);
  Thread(sc_core::sc_module_name name, std::function<void()> body)
      : sc_module(name), m_body(std::move(body)) {
    SC_THREAD(run);
  }

 private:
  void run() { m_body(); }
  std::function<void()> m_body;
};

SmCore::SmCore(sc_core::sc_module_name name, int sm_id, CoreEnv env)
    : sc_core::sc_module(name), m_id(sm_id), m_env(env) {
  const config::TensorCoreSmConfig& c = env.cfg.sm;
  auto exec = [this](Engine& e, const Dispatched& d) { execute_engine(e, d); };
  for (Pipe p : kSmEnginePipes) {
    m_engines[static_cast<int>(p)] =
        std::make_unique<Engine>(std::string(isa::pipe_name(isa::Family::kTensorCore, p)).c_str(),
                                 p, c.queue_depth, env.clock, m_flags, 0.0, exec);
  }
  for (const as::Symbol& s : env.launch.image->symbols) {
    if (s.name.starts_with("role_")) {
      m_role_entries.emplace_back(s.name.substr(5), static_cast<uint32_t>(s.pc));
    }
  }
  if (m_role_entries.empty()) m_role_entries.emplace_back("main", 0);
  m_smem_port = std::make_unique<SmemPort>("smem_port", env.clock, c.smem_bytes_per_cycle);
}

SmCore::~SmCore() = default;

namespace {
// Slot 0 keeps the plain role names (as with one CTA per SM); slot S > 0 prefixes "ctaS.".
std::string slot_name(int slot, const std::string& name) {
  return slot == 0 ? name : fmt::format("cta{}.{}", slot, name);
}
}  // namespace

void SmCore::before_end_of_elaboration() {
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const config::Occupancy& o = m_env.launch.occupancy;
  const config::CtaResources& claim = m_env.launch.cta;
  const bool store = !m_env.opts.timing_only;
  const int slots = static_cast<int>(std::max<uint32_t>(o.ctas_per_sm, 1));
  const auto roles = static_cast<int>(m_role_entries.size());
  for (int s = 0; s < slots; ++s) {
    Cta& cta = m_ctas.emplace_back();
    cta.sm = this;
    cta.slot = s;
    if (static_cast<size_t>(s) < m_cluster_slots.size()) {
      std::tie(cta.cluster, cta.rank) = m_cluster_slots[s];
    }
    cta.bars = std::make_unique<MbarrierTable>(c.mbarriers);
    cta.scalar_data.assign(256, 0);
    if (m_sync) cta.bars->set_observer(m_sync, static_cast<uint64_t>(s) << 20);
    // A declared claim is the CTA's window; undeclared, the CTA has the whole SM's buffer.
    cta.smem =
        std::make_unique<LocalBuffer>(claim.smem_bytes ? "the CTA's SMEM window (.smem)" : "SMEM",
                                      config::BufferConfig{o.smem_window, c.smem.align}, store);
    cta.rf = std::make_unique<LocalBuffer>(claim.regs       ? "the CTA's RF window (.regs)"
                                           : claim.rf_bytes ? "the CTA's RF window (.rf)"
                                                            : "RF",
                                           config::BufferConfig{o.rf_window, c.rf.align}, store);
    for (const auto& [name, pc] : m_role_entries) {
      Role& ro = cta.roles.emplace_back();
      ro.name = slot_name(s, name);
      ro.entry = pc;
      ro.cta = &cta;
    }
    m_threads.push_back(
        std::make_unique<Thread>(fmt::format("cta{}", s).c_str(), [this, &cta] { cta_main(cta); }));
    for (int r = 0; r < roles; ++r) {
      const int g = s * roles + r;
      m_threads.push_back(std::make_unique<Thread>(
          fmt::format("{}role_{}", s == 0 ? "" : fmt::format("cta{}_", s), m_role_entries[r].first)
              .c_str(),
          [this, g] { role_main(g); }));
    }
  }
  m_slots_running = slots;
}

void SmCore::join_cluster(int slot, ClusterGroup* group, uint32_t rank) {
  if (m_cluster_slots.size() <= static_cast<size_t>(slot)) m_cluster_slots.resize(slot + 1);
  m_cluster_slots[slot] = {group, rank};
  if (static_cast<size_t>(slot) < m_ctas.size()) {
    m_ctas[slot].cluster = group;
    m_ctas[slot].rank = rank;
  }
}

void SmCore::set_sync_observer(SyncObserver* o) {
  m_sync = o;
  for (Cta& cta : m_ctas) cta.bars->set_observer(o, static_cast<uint64_t>(cta.slot) << 20);
}

std::vector<std::string> SmCore::role_names() const {
  std::vector<std::string> out;
  const auto slots = static_cast<int>(std::max<uint32_t>(m_env.launch.occupancy.ctas_per_sm, 1));
  for (int s = 0; s < slots; ++s) {
    for (const auto& [name, pc] : m_role_entries) out.push_back(slot_name(s, name));
  }
  return out;
}

std::vector<std::string> SmCore::states() const {
  std::vector<std::string> out;
  for (const Cta& cta : m_ctas) {
    out.push_back(fmt::format("sm {} cta{}: {}", m_id,
                              cta.slot == 0 ? "" : std::to_string(cta.slot), cta.state));
    for (const Role& ro : cta.roles) {
      if (ro.finished) continue;
      out.push_back(fmt::format("sm {} role {}: {} {}{}", m_id, ro.name, ro.doing, ro.doing_arg,
                                ro.doing_pc >= 0 ? fmt::format(" (pc {})", ro.doing_pc) : ""));
    }
  }
  for (const auto& e : m_engines) {
    if (e && !e->drained()) out.push_back(fmt::format("sm {} {}", m_id, e->state()));
  }
  for (const Cta& cta : m_ctas) {
    for (std::string& s : cta.bars->busy()) {
      out.push_back(
          fmt::format("sm {} {}{}", m_id, cta.slot == 0 ? "" : fmt::format("cta{} ", cta.slot), s));
    }
    const bool in_barrier = std::any_of(cta.roles.begin(), cta.roles.end(), [](const Role& ro) {
      return !ro.finished && ro.doing == kInClusterSync;
    });
    if (cta.cluster && in_barrier) {
      out.push_back(fmt::format("sm {} {}{}", m_id,
                                cta.slot == 0 ? "" : fmt::format("cta{} ", cta.slot),
                                cta.cluster->barrier_state()));
    }
  }
  return out;
}

void SmCore::fault(FaultKind kind, const std::string& message, const std::string& thread,
                   int64_t pc) {
  m_env.faults.raise(make_core_fault(m_env, kind, message, m_id, thread, pc, states()));
  park_forever();
}

void SmCore::check_window(const Cta& cta, const LocalBuffer& buf, uint64_t addr, uint64_t len,
                          const char* what, const char* thread, uint32_t pc) {
  if (auto err = buf.check(addr, len, what)) {
    fault(err->first, cta_prefix(cta) + err->second, thread, pc);
  }
}

std::string SmCore::cta_prefix(const Cta& cta) const {
  if (m_ctas.size() == 1) return {};
  return fmt::format("block {} (CTA slot {} of {}): ", cta.block_idx, cta.slot, m_ctas.size());
}

// Slot S takes its first block S delta cycles after the launch, so the first wave fills every
// SM's slot 0 before any SM's slot 1, as the hardware spreads CTAs over SMs first.
void SmCore::cta_main(Cta& cta) {
  const config::ChipConfig& cfg = m_env.cfg;
  m_env.clock.align();
  sc_core::wait(m_env.clock.cycles(Clock::ceil_cycles(cfg.launch_cycles)));
  if (cta.roles.size() > cfg.sm.threads) {
    fault(FaultKind::kIllegalInst,
          fmt::format("the kernel declares {} warp roles (role_* labels); an SM runs at most {} "
                      "(sm.threads)",
                      cta.roles.size(), cfg.sm.threads),
          "cta", -1);
  }
  for (int i = 0; i < cta.slot; ++i) sc_core::wait(sc_core::SC_ZERO_TIME);
  while (auto block = next_block(cta)) {
    cta.state = fmt::format("dispatching block {}", *block);
    sc_core::wait(m_env.clock.cycles(Clock::ceil_cycles(cfg.block_dispatch_cycles)));
    cta.block_idx = *block;
    cta.bars->reset();
    cta.running = static_cast<int>(cta.roles.size());
    for (Role& ro : cta.roles) ro.finished = false;
    cta.block_start.notify(sc_core::SC_ZERO_TIME);
    cta.state = fmt::format("running block {}", *block);
    while (cta.running > 0) sc_core::wait(cta.role_done);
    if (m_ctas.size() == 1) {  // alone on the SM: all engine work is its own
      for (auto& e : m_engines) {
        if (e) e->wait_drained();
      }
    }
    while (cta.in_engines > 0) sc_core::wait(cta.engines_idle);
    ++s_blocks;
  }
  cta.state = "finished";
  if (--m_slots_running == 0) {
    for (auto& e : m_engines) {
      if (e) e->wait_drained();
    }
    m_done = true;
    m_finish_fs = sc_core::sc_time_stamp().value();
  }
}

std::optional<uint32_t> SmCore::next_block(Cta& cta) {
  if (cta.cluster == nullptr) return m_env.blocks.block(m_taken++);
  const size_t k = cta.clusters_taken++;
  const std::optional<uint32_t> c = cta.cluster->cluster(k);
  if (!c) return std::nullopt;
  cta.state = fmt::format("waiting for the SMs of its cluster to start cluster {}", *c);
  cta.cluster->gang_start(k);
  return *c * cta.cluster->size() + cta.rank;
}

SmCore::Cta& SmCore::cluster_peer(Cta& cta, uint32_t rank) {
  if (cta.cluster == nullptr) return cta;
  return cta.cluster->sm(rank).m_ctas[cta.cluster->slot()];
}

uint64_t SmCore::cluster_latency_fs(const Cta& cta) const {
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const double cycles = cluster_dim(cta) > 1 ? c.cluster_latency_cycles : c.mbar_cycles;
  return Clock::ceil_cycles(cycles) * m_env.clock.period_fs();
}

void SmCore::role_main(int g) {
  Role& ro = role(static_cast<uint32_t>(g));
  for (;;) {
    sc_core::wait(ro.cta->block_start);
    run_role(g);
    if (ro.cta->cluster) ro.cta->cluster->role_halted(cluster_latency_fs(*ro.cta));
    ro.finished = true;
    --ro.cta->running;
    ro.cta->role_done.notify(sc_core::SC_ZERO_TIME);
  }
}

void SmCore::set_doing(Role& ro, const char* what, uint64_t arg, int64_t pc) {
  ro.doing = what;
  ro.doing_arg = arg;
  ro.doing_pc = pc;
}

void SmCore::sync(Role& ro) { ro.sync(); }

uint32_t SmCore::bar_index(uint64_t v, const Role& ro, uint32_t pc) {
  if (v >= ro.cta->bars->size()) {
    fault(FaultKind::kShape,
          fmt::format("mbarrier {} does not exist (the CTA has {}: sm.mbarriers)", v,
                      ro.cta->bars->size()),
          ro.name, pc);
  }
  return static_cast<uint32_t>(v);
}

void SmCore::dispatch(Role& ro, int g, const isa::Inst& inst, uint32_t pc) {
  // No sync: the instruction carries the thread's local time and the engine starts it no earlier
  // (threads sharing an engine may enqueue slightly out of time order; they sync at mbarriers).
  Engine& e = engine(inst.info->pipe);
  if (e.full()) {
    sync(ro);
    set_doing(ro, "waiting for room in its engine queue, opcode",
              static_cast<uint64_t>(inst.opcode()), pc);
    e.wait_not_full();
    ro.local_fs = sc_core::sc_time_stamp().value();
  }
  Dispatched d;
  d.inst = &inst;
  d.pc = pc;
  d.ready_fs = ro.local_fs;
  d.thread = static_cast<uint32_t>(g);
  for (int i = 0; i < inst.info->num_operands; ++i) {
    const isa::OperandSpec& op = inst.info->operands[i];
    if (op.kind == isa::OperandKind::kReg) {
      const int f = static_cast<int>(op.field);
      d.v[f] = ro.st.regs[inst.r[f]];
    }
  }
  if (inst.info->pipe == Pipe::kCube) {
    ++ro.wg_issued;
    ro.local_fs += static_cast<uint64_t>(m_env.cfg.sm.tensor_issue_cycles *
                                         static_cast<double>(m_env.clock.period_fs()));
  }
  const bool waits = inst.info->pipe == Pipe::kVec || inst.info->pipe == Pipe::kMte3;
  if (inst.info->pipe == Pipe::kVec) {
    if (ro.wg_issued >= ro.wg_open_from ||
        (!ro.wg_groups.empty() && ro.wg_groups.back() > ro.wg_finished)) {
      fault(FaultKind::kShape,
            fmt::format("'{}' reads accumulators while this thread's wgmma are pending "
                        "(wgmma.commit + wgmma.wait 0 first)",
                        inst.info->mnemonic),
            ro.name, pc);
    }
  }
  if (waits) ++ro.epi_pending;
  ++ro.cta->in_engines;
  e.push(d);
  // The warps run their epilogue and their loads / stores themselves: wait for them (a load's
  // data is in the register file data_ready_fs, after its latency).
  if (waits) {
    sync(ro);
    set_doing(ro,
              inst.info->pipe == Pipe::kVec ? "running its epilogue, instructions left:"
                                            : "waiting for its loads / stores, instructions left:",
              ro.epi_pending, pc);
    while (ro.epi_pending > 0) sc_core::wait(ro.ev);
    ro.local_fs = std::max<uint64_t>(sc_core::sc_time_stamp().value(), ro.data_ready_fs);
  }
}

void SmCore::run_role(int g) {
  Role& ro = role(static_cast<uint32_t>(g));
  const KernelLaunch& k = m_env.launch;
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const auto cost_fs = static_cast<uint64_t>(c.scalar_cycles_per_instr *
                                             static_cast<double>(m_env.clock.period_fs()));
  ro.start(ro.entry);
  ro.wg_issued = 0;
  ro.wg_open_from = 1;
  ro.wg_groups.clear();
  ro.wg_finished = 0;
  ro.wg_ready.clear();
  ro.wg_awaited = ~0ull;
  ro.epi_pending = 0;
  ro.data_ready_fs = 0;
  ro.epi_scale = func::EpiScale{};
  ro.acc_ranges.clear();
  set_doing(ro, "running block", ro.cta->block_idx, -1);
  std::pair<FaultKind, std::string> err;
  for (;;) {
    const isa::Inst* next =
        ro.fetch(k, cost_fs, s_scalar_instructions, m_env.opts.max_instructions, err);
    if (next == nullptr) fault(err.first, err.second, ro.name, ro.pc);
    const isa::Inst& inst = *next;
    const uint32_t pc = ro.pc;
    if (inst.info->pipe != Pipe::kS) {
      dispatch(ro, g, inst, pc);
      continue;
    }
    switch (exec_plain_scalar(inst, ro.st, k.params, ro.cta->scalar_data, err)) {
      case PlainResult::kDone:
        continue;
      case PlainResult::kFault:
        fault(err.first, err.second, ro.name, pc);
      case PlainResult::kNotPlain:
        break;
    }
    if (!exec_thread_op(ro, g, inst, pc)) return;
  }
}

void SmCore::exec_cluster_arrive(Role& ro, int g, const isa::Inst& inst, uint32_t pc) {
  const uint32_t b = bar_index(ro.st.regs[inst.r[0]], ro, pc);
  const uint64_t rank = ro.st.regs[inst.r[1]];
  const uint32_t dim = cluster_dim(*ro.cta);
  if (rank >= dim) {
    fault(FaultKind::kShape,
          fmt::format("mbar.arrive.cluster: rank {} is outside the cluster of {} CTAs", rank, dim),
          ro.name, pc);
  }
  Cta& peer = cluster_peer(*ro.cta, static_cast<uint32_t>(rank));
  sync(ro);
  if (!peer.bars->initialised(b)) {
    fault(FaultKind::kShape,
          fmt::format("mbarrier {} of cluster CTA {} used before mbar.init", b, rank), ro.name, pc);
  }
  if (&peer == ro.cta) {
    peer.bars->arrive(b, 0, role_track(g), pc);
  } else {
    if (peer.running == 0) {
      fault(FaultKind::kShape,
            fmt::format("mbar.arrive.cluster: cluster CTA {} has already exited", rank), ro.name,
            pc);
    }
    peer.bars->arrive_at(b, sc_core::sc_time_stamp().value() + cluster_latency_fs(*ro.cta));
  }
  ro.local_fs += static_cast<uint64_t>(m_env.cfg.sm.mbar_cycles *
                                       static_cast<double>(m_env.clock.period_fs()));
}

bool SmCore::exec_thread_op(Role& ro, int g, const isa::Inst& inst, uint32_t pc) {
  const config::TensorCoreSmConfig& c = m_env.cfg.sm;
  const uint64_t mbar_fs =
      static_cast<uint64_t>(c.mbar_cycles * static_cast<double>(m_env.clock.period_fs()));
  auto& regs = ro.st.regs;
  switch (inst.opcode()) {
    case Opcode::kRsr:
      switch (static_cast<isa::SpecialReg>(inst.imm)) {
        case isa::SpecialReg::kBlockIdx:
          regs[inst.r[0]] = ro.cta->block_idx;
          break;
        case isa::SpecialReg::kBlockDim:
          regs[inst.r[0]] = m_env.launch.block_dim;
          break;
        case isa::SpecialReg::kCoreId:
          regs[inst.r[0]] = static_cast<uint64_t>(m_id);
          break;
        case isa::SpecialReg::kClusterRank:
          regs[inst.r[0]] = ro.cta->rank;
          break;
        case isa::SpecialReg::kClusterDim:
          regs[inst.r[0]] = cluster_dim(*ro.cta);
          break;
        case isa::SpecialReg::kSubBlockIdx:  // an SM is not split into sub-cores: 0 of 1
          regs[inst.r[0]] = 0;
          break;
        case isa::SpecialReg::kSubBlockDim:
          regs[inst.r[0]] = 1;
          break;
        default:
          sync(ro);
          regs[inst.r[0]] = m_env.clock.to_cycles(sc_core::sc_time_stamp());
          break;
      }
      return true;
    case Opcode::kMbarInit: {
      const uint32_t b = bar_index(regs[inst.r[0]], ro, pc);
      const uint64_t count = regs[inst.r[1]];
      if (count == 0 || count > (1u << 20)) {
        fault(FaultKind::kShape, fmt::format("mbar.init: arrival count {} out of range", count),
              ro.name, pc);
      }
      sync(ro);
      ro.cta->bars->init(b, static_cast<uint32_t>(count));
      ro.local_fs += mbar_fs;
      return true;
    }
    case Opcode::kMbarArrive:
    case Opcode::kMbarArriveTx: {
      const uint32_t b = bar_index(regs[inst.r[0]], ro, pc);
      if (!ro.cta->bars->initialised(b)) {
        fault(FaultKind::kShape, fmt::format("mbarrier {} used before mbar.init", b), ro.name, pc);
      }
      const uint64_t tx = inst.opcode() == Opcode::kMbarArriveTx ? regs[inst.r[1]] : 0;
      sync(ro);
      ro.cta->bars->arrive(b, tx, role_track(g), pc);
      ro.local_fs += mbar_fs;
      return true;
    }
    case Opcode::kMbarArriveCluster:
      exec_cluster_arrive(ro, g, inst, pc);
      return true;
    case Opcode::kClusterSync:
      sync(ro);
      set_doing(ro, kInClusterSync, ro.cta->rank, pc);
      ro.local_fs = ro.cta->cluster
                        ? ro.cta->cluster->barrier(cluster_latency_fs(*ro.cta))
                        : sc_core::sc_time_stamp().value() + cluster_latency_fs(*ro.cta);
      set_doing(ro, "running block", ro.cta->block_idx, -1);
      return true;
    case Opcode::kMbarWait: {
      const uint32_t b = bar_index(regs[inst.r[0]], ro, pc);
      sync(ro);
      set_doing(ro, "blocked in mbar.wait on mbarrier", b, pc);
      ro.cta->bars->wait(b, static_cast<uint32_t>(regs[inst.r[1]] & 1), role_track(g), pc);
      ro.local_fs = sc_core::sc_time_stamp().value() + mbar_fs;
      set_doing(ro, "running block", ro.cta->block_idx, -1);
      return true;
    }
    case Opcode::kEpiScale: {  // alpha: FP32 bits 31:0, beta: bits 63:32
      const uint64_t ab = regs[inst.r[0]];
      ro.epi_scale = {std::bit_cast<float>(static_cast<uint32_t>(ab)),
                      std::bit_cast<float>(static_cast<uint32_t>(ab >> 32))};
      return true;
    }
    case Opcode::kWgmmaCommit:
      if (ro.wg_issued >= ro.wg_open_from) {
        ro.wg_groups.push_back(ro.wg_issued);
        ro.wg_open_from = ro.wg_issued + 1;
        ++ro.wg_committed;
      }
      return true;
    case Opcode::kWgmmaWait: {
      const auto keep = static_cast<size_t>(std::max<int64_t>(inst.imm, 0));
      while (ro.wg_groups.size() > keep) {
        const uint64_t target = ro.wg_groups.front();
        if (ro.wg_finished < target) {
          sync(ro);
          const uint64_t from = sc_core::sc_time_stamp().value();
          set_doing(ro, "blocked in wgmma.wait, groups allowed:", keep, pc);
          ro.wg_awaited = target;
          while (ro.wg_finished < target) sc_core::wait(ro.ev);
          ro.wg_awaited = ~0ull;
          ro.local_fs = sc_core::sc_time_stamp().value();
          if (m_sync) {
            m_sync->on_phase_release(role_track(g), wgmma_key(g),
                                     ro.wg_committed - ro.wg_groups.size(), "wgmma group", pc,
                                     from);
          }
        }
        while (!ro.wg_ready.empty() && ro.wg_ready.front().first < target) ro.wg_ready.pop_front();
        if (!ro.wg_ready.empty() && ro.wg_ready.front().first == target) {
          ro.local_fs = std::max(ro.local_fs, ro.wg_ready.front().second);
        }
        ro.wg_groups.pop_front();
      }
      set_doing(ro, "running block", ro.cta->block_idx, -1);
      return true;
    }
    case Opcode::kHalt:
      sync(ro);
      if (ro.wg_issued >= ro.wg_open_from || !ro.wg_groups.empty()) {
        // results nobody waited for: wait for them anyway, the block ends when they are written
        ro.wg_groups.clear();
        ro.wg_open_from = ro.wg_issued + 1;
      }
      return false;
    default:
      fault(FaultKind::kIllegalInst,
            fmt::format("'{}' is not supported by the tensor-core SM", inst.info->mnemonic),
            ro.name, pc);
  }
}

}  // namespace npu::model
