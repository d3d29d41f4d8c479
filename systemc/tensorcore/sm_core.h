// A tensor-core SM (H100-like): resident CTAs whose control threads (warp roles) dispatch in
// order to the SM's engines TMA (GM <-> SMEM bulk tiles), TENSOR (wgmma, accumulators in the
// register file), SIMT (epilogue: scaling, conversion and stores) and LSU (per-lane loads and
// stores GM/SMEM <-> register file), with SMEM and the register file as capacity-checked local
// buffers and each CTA's mbarriers.
//
// A kernel declares its warp roles with labels named role_*: each is one control thread starting
// at that label (no role_* label: one thread at pc 0). Control threads run ahead of SystemC time
// (temporal decoupling, as the DaVinci scalar does) and synchronise at dispatch, mbarrier
// operations, wgmma.wait, cluster.sync, rsr cycles and halt. The SM holds
// launch.occupancy.ctas_per_sm CTAs at once (config/sm_occupancy.h: SMEM, RF, resident-CTA and warp
// limits): each slot has its own roles, mbarriers, scalar data memory and SMEM / RF windows (the
// launch's .smem / .regs or .rf claim; undeclared: the whole buffer, one slot), addressed from 0;
// past the window is a fault naming the CTA; with .regs a role's wgmma accumulators must also fit
// its registers per thread. All slots share the engines and the L2 port. A slot pulls its
// next block from the chip's block scheduler as soon as its CTA's roles have halted and its engine
// work has drained (paying chip.block_dispatch), so grids larger than the resident slots run in
// waves; the first wave fills every SM's slot 0 before any slot 1 (slot S starts S delta cycles
// late). Thread-block clusters (cluster.h): slot S of the SM is rank r of a fixed group of
// cluster-size SMs' slots S that start each cluster together; a CTA reaches its peers' SMEM and
// mbarriers through TMA multicast (the L2 read once, every destination's ingress port and SMEM
// charged) and remote mbarrier arrivals (sm.cluster.latency later), and waits at the cluster
// barrier. Every SMEM access of the SM shares its SMEM port (smem_port.h, sm.smem.bandwidth
// bytes per cycle, max-min fair): TMA fills (in every destination SM for multicast) and drains,
// wgmma operand reads (A and B once per wgmma, paced over its MAC cycles) and LSU ld/st.shared,
// so concurrent fills and wgmmas slow each other only past the port. Deliberately ignored: SMEM
// bank conflicts, setmaxnreg (every thread holds the CTA's .regs; the register file is a
// byte-addressed store of accumulators and LSU data), instruction caches, the order in which warp
// schedulers interleave co-resident CTAs (engines take instructions in dispatch order),
// distributed-SMEM loads and stores (only multicast and remote arrivals reach a peer), clusters
// placed outside their fixed SM group.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <systemc>
#include <vector>

#include "chip/kernel.h"
#include "core/control_thread.h"
#include "core/engine.h"
#include "core/flags.h"
#include "core/local_buffer.h"
#include "core/scalar_exec.h"
#include "func/epilogue_scale.h"
#include "tensorcore/cluster.h"
#include "tensorcore/mbarrier.h"
#include "tensorcore/smem_port.h"

namespace npu::model {

// The engines of an SM, in dataflow order, as pipe slots (isa::pipe_name(kTensorCore, p) names
// them).
inline constexpr isa::Pipe kSmEnginePipes[] = {isa::Pipe::kMte2, isa::Pipe::kCube, isa::Pipe::kVec,
                                               isa::Pipe::kMte3};

// Activity a power observer reads (issue 5): totals over the run.
struct SmActivity {
  uint64_t macs_f16 = 0, macs_s8 = 0;
  uint64_t tma_load_bytes = 0, tma_store_bytes = 0;  // GM side
  uint64_t smem_write_bytes = 0, smem_read_bytes = 0;
  uint64_t rf_acc_bytes = 0;     // accumulator bytes read + written by wgmma and the epilogue
  uint64_t epi_store_bytes = 0;  // GM bytes written by the epilogue
  uint64_t epi_load_bytes = 0;   // GM bytes of C_in read by scaled epilogues (beta != 0)
  uint64_t lsu_gm_bytes = 0;     // GM bytes moved by the LSU: 32 B sectors touched per warp
  uint64_t lsu_smem_bytes = 0;   // SMEM bytes read or written by the LSU
  uint64_t lsu_rf_bytes = 0;     // RF bytes read or written by the LSU
};

class SmCore : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(SmCore);
  SmCore(sc_core::sc_module_name name, int sm_id, CoreEnv env);
  ~SmCore() override;

  bool done() const { return m_done; }
  int id() const { return m_id; }
  std::vector<std::string> states() const;
  Engine& engine(isa::Pipe p) { return *m_engines[static_cast<int>(p)]; }
  // Observers: the CTA's mbarriers, and the warp roles (role r's sync-observer track is
  // role_track(r), after the pipes').
  std::vector<std::string> role_names() const;
  static int role_track(int r) { return isa::kNumPipes + r; }
  // Phase-kind sync observer of the mbarriers and of each role's wgmma groups (a group's last
  // wgmma on TENSOR signals it; a wgmma.wait that blocked is released by it).
  void set_sync_observer(SyncObserver* o);
  uint64_t scalar_instructions() const { return s_scalar_instructions; }
  uint64_t blocks_run() const { return s_blocks; }
  uint64_t finish_fs() const { return m_finish_fs; }
  const SmActivity& activity() const { return s_act; }
  const SmemPort& smem_port() const { return *m_smem_port; }

  // The SMEM and RF windows follow the launch's occupancy, which the host may set after
  // construction: they are made here, at the end of elaboration.
  void before_end_of_elaboration() override;

  [[noreturn]] void fault(FaultKind kind, const std::string& message, const std::string& thread,
                          int64_t pc);

  // Thread-block clusters (cluster.h): before the run the chip puts every CTA slot in a group;
  // slot `slot` runs the CTAs of cluster rank `rank` of the group's clusters.
  void join_cluster(int slot, ClusterGroup* group, uint32_t rank);
  uint32_t roles() const { return static_cast<uint32_t>(m_role_entries.size()); }

 private:
  class Thread;
  struct Cta;
  struct Role : ControlThread {  // registers, pc and local time from ControlThread
    std::string name;            // the label's name; "ctaS.name" for slots S > 0
    uint32_t entry = 0;
    Cta* cta = nullptr;  // the resident CTA (slot) it belongs to
    // what the thread is doing, formatted only for fault reports: "<doing> <arg> (pc <pc>)"
    const char* doing = "not started";
    uint64_t doing_arg = 0;
    int64_t doing_pc = -1;
    bool finished = true;
    // wgmma groups: sequence numbers of issued wgmmas, the end of each committed group, the
    // last finished wgmma and when its result is available.
    uint64_t wg_issued = 0, wg_open_from = 1;
    std::deque<uint64_t> wg_groups;
    uint64_t wg_finished = 0;
    uint64_t wg_awaited = ~0ull;  // wgmma.wait blocks until wg_finished reaches this
    uint64_t wg_committed = 0;    // groups committed over the run (the observer's phase)
    std::deque<std::pair<uint64_t, uint64_t>> wg_ready;  // (seq, result time fs)
    uint32_t epi_pending = 0;    // SIMT / LSU instructions the thread waits for
    uint64_t data_ready_fs = 0;  // when the latest LSU load's data is in the register file
    func::EpiScale epi_scale;    // epi.ab factors (epi.scale)
    // RF bytes this block's wgmmas accumulate into (start -> end, disjoint): with .regs they live
    // in the role's warpgroup's registers, so they must fit its registers per thread.
    std::map<uint64_t, uint64_t> acc_ranges;
    sc_core::sc_event ev;
  };
  // One resident CTA slot: its warp roles, mbarriers and SMEM / RF windows. Slots share the
  // SM's engines and its L2 port.
  struct Cta {
    SmCore* sm = nullptr;  // the SM it runs on (cluster peers reach it through this)
    int slot = 0;
    std::deque<Role> roles;  // sc_event members: never moved
    std::unique_ptr<MbarrierTable> bars;
    std::unique_ptr<LocalBuffer> smem, rf;
    std::vector<uint8_t> scalar_data;  // the roles' scalar data memory (ld / st)
    uint32_t block_idx = 0;
    int running = 0;
    ClusterGroup* cluster = nullptr;  // its cluster group (set before the run) and rank in it
    uint32_t rank = 0;
    size_t clusters_taken = 0;
    uint32_t in_engines = 0;  // its instructions queued or running on the SM's engines
    sc_core::sc_event block_start, role_done, engines_idle;
    std::string state = "not started";
  };

  void cta_main(Cta& cta);
  void role_main(int g);
  void run_role(int g);
  // Role g of the SM: role g % roles of CTA slot g / roles (Dispatched::thread holds g).
  Role& role(uint32_t g) {
    return m_ctas[g / m_role_entries.size()].roles[g % m_role_entries.size()];
  }
  void sync(Role& ro);
  static void set_doing(Role& ro, const char* what, uint64_t arg, int64_t pc);
  void dispatch(Role& ro, int g, const isa::Inst& inst, uint32_t pc);
  bool exec_thread_op(Role& ro, int g, const isa::Inst& inst, uint32_t pc);  // false: halt
  void execute_engine(Engine& e, const Dispatched& d);
  void exec_tma(Engine& e, const Dispatched& d);
  void exec_wgmma(Engine& e, const Dispatched& d);
  void exec_epi(Engine& e, const Dispatched& d);
  void exec_lsu(Engine& e, const Dispatched& d);  // sm_lsu.cpp
  // The end of a SIMT / LSU instruction: its thread (waiting for it) may go on.
  void release_thread(const Dispatched& d);
  uint32_t bar_index(uint64_t v, const Role& ro, uint32_t pc);
  // Faults unless [addr, addr + len) lies in the CTA's window of buf; with several resident
  // CTAs the message names the CTA.
  void check_window(const Cta& cta, const LocalBuffer& buf, uint64_t addr, uint64_t len,
                    const char* what, const char* thread, uint32_t pc);
  // Adds an accumulator to the role's footprint; faults when it outgrows the CTA's .regs.
  void check_role_registers(Role& ro, uint64_t acc, uint64_t bytes, const char* thread,
                            uint32_t pc);
  // "block B (CTA slot S of N): " when the SM holds several CTAs, else empty.
  std::string cta_prefix(const Cta& cta) const;
  // Clusters: the CTA's cluster size, a cluster peer's CTA (this SM's or another's), the latency
  // of the cluster barrier and remote arrivals, the slot's next block.
  static uint32_t cluster_dim(const Cta& cta) { return cta.cluster ? cta.cluster->size() : 1; }
  static Cta& cluster_peer(Cta& cta, uint32_t rank);
  uint64_t cluster_latency_fs(const Cta& cta) const;
  std::optional<uint32_t> next_block(Cta& cta);
  void exec_cluster_arrive(Role& ro, int g, const isa::Inst& inst, uint32_t pc);
  // A TMA load's destination CTAs (its own, or the cluster CTAs of a multicast mask), checked.
  std::vector<Cta*> tma_destinations(const Dispatched& d, const char* thread, uint32_t* bar);
  // sync-observer key of role g's wgmma groups (mbarriers are keyed by slot << 20 | index)
  static uint64_t wgmma_key(uint32_t g) { return (1ull << 32) + g; }

  // CONFIG
  int m_id;
  CoreEnv m_env;
  // STATE
  FlagTable m_flags;  // unused by the tensor-core ISA; engines require one
  SyncObserver* m_sync = nullptr;
  std::array<std::unique_ptr<Engine>, isa::kNumPipes> m_engines;
  std::unique_ptr<SmemPort> m_smem_port;  // shared by every SMEM access of the SM
  std::vector<std::pair<std::string, uint32_t>> m_role_entries;  // (role name, entry pc)
  std::deque<Cta> m_ctas;  // one per resident slot (made at the end of elaboration)
  std::vector<std::pair<ClusterGroup*, uint32_t>> m_cluster_slots;  // (group, rank) per slot
  std::vector<std::unique_ptr<Thread>> m_threads;
  size_t m_taken = 0;  // blocks this SM has taken from the scheduler
  int m_slots_running = 0;
  bool m_done = false;
  uint64_t m_finish_fs = 0;
  // STATS
  uint64_t s_scalar_instructions = 0;
  uint64_t s_blocks = 0;
  SmActivity s_act;
};

}  // namespace npu::model
