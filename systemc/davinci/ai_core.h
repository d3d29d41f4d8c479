// The coupled DaVinci AI core (910-style): one scalar front end dispatching in order to the pipes
// MTE1, MTE2, MTE3, CUBE (M), VEC (V) and FIX, with the L1, L0A, L0B, L0C and UB scratchpads.
//
// The scalar front end runs ahead of SystemC time (temporal decoupling) and synchronises only when
// it must: a full pipe queue, a scalar-side flag or barrier, reading `cycles`, halt. Engine
// instruction semantics and costs are in davinci_exec.cpp. Deliberately ignored: instruction
// cache misses, scalar pipeline hazards (one instruction per scalar.cycles_per_instr).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "chip/kernel.h"
#include "core/engine.h"
#include "core/flags.h"
#include "core/local_buffer.h"

namespace npu::model {

// The pipes a coupled DaVinci core has, in dataflow order.
inline constexpr isa::Pipe kDaVinciEnginePipes[] = {isa::Pipe::kMte2, isa::Pipe::kMte1,
                                                    isa::Pipe::kCube, isa::Pipe::kFix,
                                                    isa::Pipe::kVec,  isa::Pipe::kMte3};

class AiCore : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(AiCore);
  AiCore(sc_core::sc_module_name name, int core_id, CoreEnv env);

  bool done() const { return m_done; }
  int id() const { return m_id; }
  std::vector<std::string> states() const;  // scalar + every engine, for reports
  Engine& engine(isa::Pipe p) { return *m_engines[static_cast<int>(p)]; }
  const Engine* engine_or_null(isa::Pipe p) const { return m_engines[static_cast<int>(p)].get(); }
  FlagTable& flags() { return m_flags; }
  std::vector<const LocalBuffer*> buffers() const {
    return {m_l1.get(), m_l0a.get(), m_l0b.get(), m_l0c.get(), m_ub.get()};
  }
  uint64_t scalar_instructions() const { return s_scalar_instructions; }
  uint64_t blocks_run() const { return s_blocks; }
  uint64_t vec_bank_conflicts() const { return s_vec_conflicts; }
  uint64_t finish_fs() const { return m_finish_fs; }

  // Fault from an engine executor or the scalar thread: records it (with this core's state) and
  // parks the calling thread.
  [[noreturn]] void fault(FaultKind kind, const std::string& message, const char* thread,
                          int64_t pc);

 private:
  friend class DaVinciExec;
  void scalar_main();
  bool run_block(uint32_t block_idx);  // false when a fault stopped it
  void sync();  // bring SystemC time up to the scalar's local time
  void dispatch(const isa::Inst& inst, uint32_t pc, isa::Pipe pipe);
  void execute_engine(Engine& e, const Dispatched& d);
  void execute_vec(Engine& e, const Dispatched& d);  // the V pipe (vec_exec.cpp)

  // CONFIG
  int m_id;
  CoreEnv m_env;
  // STATE
  FlagTable m_flags;
  std::unique_ptr<LocalBuffer> m_l1, m_l0a, m_l0b, m_l0c, m_ub;
  std::vector<uint8_t> m_scalar_data;
  std::array<std::unique_ptr<Engine>, isa::kNumPipes> m_engines;
  std::array<uint64_t, isa::kNumRegs> m_regs{};
  uint32_t m_pc = 0;
  uint32_t m_block_idx = 0;
  uint64_t m_local_fs = 0;
  bool m_done = false;
  std::string m_scalar_state = "not started";
  uint64_t m_finish_fs = 0;
  uint64_t m_cube_last_end_fs = ~0ull;  // for the cube's idle-start head
  uint64_t m_vmask_lo = ~0ull, m_vmask_hi = ~0ull;  // vector lane mask (set_vmask)
  // STATS
  uint64_t s_scalar_instructions = 0;
  uint64_t s_blocks = 0;
  uint64_t s_vec_conflicts = 0;  // UB bank-conflict accesses charged to the V pipe
};

}  // namespace npu::model
