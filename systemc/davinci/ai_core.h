// A DaVinci core's control thread and the pipes it feeds. One class serves both organisations
// (davinci.md section 2): a coupled core (910-style: one scalar front end dispatching in order to
// MTE1, MTE2, MTE3, CUBE (M), VEC (V) and FIX, with L1, L0A, L0B, L0C and UB), or one sub-core
// of a split core (910B): the AIC (MTE2, MTE1, CUBE, FIX; L1, L0A/B/C) or an AIV (MTE2, VEC,
// MTE3; UB). A split core's sub-cores share only GM/L2 and the cross-core flags; an instruction
// for a pipe or buffer its sub-core lacks is a firmware fault naming the unit.
//
// The scalar front end runs ahead of SystemC time (temporal decoupling) and synchronises only when
// it must: a full pipe queue, a scalar-side flag or barrier, reading `cycles`, halt. Engine
// instruction semantics and costs are in davinci_exec.cpp. Deliberately ignored: instruction
// cache misses, scalar pipeline hazards (one instruction per scalar.cycles_per_instr).
#pragma once

#include <fmt/format.h>

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <systemc>
#include <type_traits>
#include <vector>

#include "chip/kernel.h"
#include "core/control_thread.h"
#include "core/cross_flags.h"
#include "core/engine.h"
#include "core/flags.h"
#include "core/local_buffer.h"

namespace npu::model {

// The pipes a coupled DaVinci core has, in dataflow order.
inline constexpr isa::Pipe kDaVinciEnginePipes[] = {isa::Pipe::kMte2, isa::Pipe::kMte1,
                                                    isa::Pipe::kCube, isa::Pipe::kFix,
                                                    isa::Pipe::kVec,  isa::Pipe::kMte3};

enum class SubCoreKind : uint8_t { kCoupled, kAic, kAiv };

// Which part of which core a control thread is.
struct SubCoreId {
  SubCoreKind kind = SubCoreKind::kCoupled;
  int core = 0;
  int aiv = 0;                 // AIV index within its core (kAiv only)
  int aivs = 0;                // AIVs per core (split only)
  std::string label() const;   // "core 3", "core 3 AIC", "core 3 AIV1"
  std::string prefix() const;  // "" , "AIC ", "AIV1 " (for thread names)
  std::string vcd() const;     // "core3", "core3.aic", "core3.aiv1"
};

// The pipes one kind of sub-core has.
std::span<const isa::Pipe> pipes_of(SubCoreKind kind);

class AiCore : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(AiCore);
  // entry: the pc the control thread starts every block at; none: this sub-core idles.
  AiCore(sc_core::sc_module_name name, SubCoreId who, std::optional<uint32_t> entry, CoreEnv env);

  bool done() const { return m_done; }
  int id() const { return m_who.core; }
  const SubCoreId& who() const { return m_who; }
  bool active() const { return m_entry.has_value(); }
  int ffts_slot() const { return m_ffts_slot; }
  std::vector<std::string> states() const;  // scalar + every engine, for reports
  Engine& engine(isa::Pipe p) { return *m_engines[static_cast<int>(p)]; }
  const Engine* engine_or_null(isa::Pipe p) const { return m_engines[static_cast<int>(p)].get(); }
  FlagTable& flags() { return m_flags; }
  // The buffers this (sub-)core has.
  std::vector<const LocalBuffer*> buffers() const {
    std::vector<const LocalBuffer*> out;
    for (const auto* b : {&m_l1, &m_l0a, &m_l0b, &m_l0c, &m_ub}) {
      if (*b) out.push_back(b->get());
    }
    return out;
  }
  uint64_t scalar_instructions() const { return s_scalar_instructions; }
  uint64_t blocks_run() const { return s_blocks; }
  uint64_t vec_bank_conflicts() const { return s_vec_conflicts; }
  uint64_t finish_fs() const { return m_finish_fs; }
  // Time this core has been running blocks up to `now_fs` (launch to finish; power model).
  uint64_t active_fs(uint64_t now_fs) const {
    return m_done ? (s_blocks > 0 ? m_finish_fs : 0) : now_fs;
  }
  // Activity counters the power model reads (multiply-adds by dtype, vector bytes processed).
  uint64_t s_macs_f16 = 0, s_macs_s8 = 0, s_vec_bytes = 0;

  // Fault from an engine executor or the scalar thread: records it (with this core's state) and
  // parks the calling thread.
  [[noreturn]] void fault(FaultKind kind, const std::string& message, const std::string& thread,
                          int64_t pc);

 private:
  friend class DaVinciExec;
  void scalar_main();
  bool run_block(uint32_t block_idx);  // false when a fault stopped it
  void dispatch(const isa::Inst& inst, uint32_t pc, isa::Pipe pipe);
  void execute_engine(Engine& e, const Dispatched& d);
  void execute_vec(Engine& e, const Dispatched& d);  // the V pipe (vec_exec.cpp)
  // MTE2's head with core.mte2.outstanding requests in flight (davinci_exec.cpp): waits what is
  // left of this transfer's head; mte2_done records its completion.
  void mte2_head(Engine& e, const Dispatched& d);
  void mte2_done();
  // The buffer an instruction needs; faults when this sub-core has none.
  LocalBuffer& need(const std::unique_ptr<LocalBuffer>& b, const char* name,
                    const isa::OpInfo& info, const std::string& thread, uint32_t pc);
  // "AIC MTE2", "AIV1 scalar" (kS), "MTE1": thread names for faults, made once.
  const std::string& thread_name(isa::Pipe p) const;
  std::string scalar_state() const;  // m_doing in words, for reports
  // A shape fault of an engine instruction unless ok. why: the reason, or a callable making it
  // (formatted only when the check fails: these checks run for every instruction).
  template <typename Why>
  void check_shape(bool ok, const isa::OpInfo& info, const std::string& thread, uint32_t pc,
                   Why&& why) {
    if (ok) return;
    std::string text;
    if constexpr (std::is_invocable_v<Why>) {
      text = why();
    } else {
      text = why;
    }
    fault(FaultKind::kShape, fmt::format("'{}': {}", info.mnemonic, text), thread, pc);
  }
  void cross_set(int mode, int id, const std::string& thread, uint32_t pc);
  void cross_wait(int id, const std::string& thread, uint32_t pc);

  // CONFIG
  SubCoreId m_who;
  std::array<std::string, isa::kNumPipes> m_thread_names;
  std::optional<uint32_t> m_entry;
  CoreEnv m_env;
  int m_ffts_slot = -1;
  // STATE
  FlagTable m_flags;
  std::unique_ptr<LocalBuffer> m_l1, m_l0a, m_l0b, m_l0c, m_ub;
  std::unique_ptr<LocalBuffer> m_bt, m_fb;  // cube side, where core.bt/fb.size is not 0
  std::vector<uint8_t> m_scalar_data;
  std::array<std::unique_ptr<Engine>, isa::kNumPipes> m_engines;
  ControlThread m_ct;  // the scalar front end: registers, pc, local time
  uint32_t m_block_idx = 0;
  size_t m_blocks_taken = 0;  // index into this core's block list (shared by its sub-cores)
  bool m_done = false;
  // What the scalar is doing, put in words only for reports (scalar_state()).
  enum class ScalarDoing : uint8_t {
    kNotStarted,
    kIdle,
    kRunning,
    kQueueFull,
    kWaitFlag,
    kCcWaitFlag,
    kBarrier,
    kHalt,
    kFinished
  };
  struct {
    ScalarDoing what = ScalarDoing::kNotStarted;
    uint32_t pc = 0;
    isa::Pipe pipe = isa::Pipe::kS;  // queue, flag source or pipe drained
    int id = 0;                      // flag id
  } m_doing;
  uint64_t m_finish_fs = 0;
  uint64_t m_cube_last_end_fs = ~0ull;              // for the cube's idle-start head
  std::deque<uint64_t> m_mte2_done_fs;              // completions of the latest MTE2 transfers
  uint64_t m_vmask_lo = ~0ull, m_vmask_hi = ~0ull;  // vector lane mask (set_vmask)
  // STATS
  uint64_t s_scalar_instructions = 0;
  uint64_t s_blocks = 0;
  uint64_t s_vec_conflicts = 0;  // UB bank-conflict accesses charged to the V pipe
};

}  // namespace npu::model
