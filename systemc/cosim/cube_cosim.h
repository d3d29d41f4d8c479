// Co-simulation adapter for the RTL cube (rtl/cube.sv, Verilated with --sc): turns MMAD
// transactions on L0A/L0B/L0C buffers into the cube's fractal handshakes and collects the results
// and the cycles they took.
//
// Contract: jobs use the buffers' layouts of systemc/func (layout.h) and the same semantics as
// func::mmad_f16 / func::mmad_s8: C[i][j] for i < m, j < n is replaced, everything else in L0C is
// untouched, K padding is never read. An MMAD is issued output block by output block (row blocks
// outer), each block's K fractals in ascending order; the first K fractal starts from L0C (or +0
// for init), the following ones chain on the cube's own accumulator. The calling SC_THREAD drives
// the cube's clock itself: with a half period it advances SystemC time (a waveform-friendly
// testbench), with SC_ZERO_TIME it runs on delta cycles only (temporally decoupled, for a model
// that charges the cycles itself). Deliberately ignores L0 bank conflicts and read ports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <systemc>
#include <vector>

#include "isa/isa.h"

class Vcube;
class VerilatedVcdSc;

namespace npu::cosim {

struct MmadJob {
  isa::Dtype dtype = isa::Dtype::kF16;  // kF16 (FP32 L0C) or kS8 (INT32 L0C)
  void* c = nullptr;                    // L0C tile, mp = ceil16(m) rows
  const void* a = nullptr;              // L0A tile
  const void* b = nullptr;              // L0B tile
  size_t m = 0, k = 0, n = 0;
  bool init = false;
  uint32_t gap = 0;  // idle cycles on the input before this job's first fractal
};

// Per job: the cube cycles it is charged, as the model counts them. A job that starts after the
// previous one's results are all out (or the first) counts from its first accepted fractal to its
// last result, both included; a job whose fractals enter while the previous one drains counts
// from the previous job's last result to its own. Each cycle in which an output beat waited on
// out_ready (back-pressure, see set_backpressure) freezes the whole pipeline for one cycle: those
// inside the job's window are counted in `stalls` (the model's cycles are cycles - stalls).
struct MmadTiming {
  uint64_t cycles = 0;
  uint64_t stalls = 0;
  bool overlapped = false;  // started while the previous job drained
};

class CubeCosim : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(CubeCosim);
  CubeCosim(sc_core::sc_module_name name, sc_core::sc_time half_period);
  ~CubeCosim() override;

  // Runs the jobs back to back (each after its gap) from the calling SC_THREAD; returns when the
  // last result is written.
  std::vector<MmadTiming> run(std::span<const MmadJob> jobs);
  // Cycles after the last run's final accepted fractal in which the cube would have accepted
  // another one (the head an immediately following MMAD hides; measured, not configured).
  uint64_t drain_ready_cycles() const { return m_drain_ready; }
  uint64_t cycles() const { return m_cycle; }
  // Cycles counted without evaluating the RTL: nothing in flight and nothing offered, so its
  // state cannot change (an idle cube is clock-gated in the simulation; cycle counts stay exact).
  uint64_t skipped_cycles() const { return m_skipped; }
  // Back-pressure: from the next run on, out_ready is low in each cycle with this probability
  // (a seeded random pattern; 0, the default, keeps it high).
  void set_backpressure(double stall_probability, uint64_t seed);

  // Starts/stops dumping the RTL's signals (all levels) to a VCD; only when the model was built
  // with tracing (false otherwise). Call after elaboration.
  bool open_vcd(const std::string& path);
  void close_vcd();

  // SIGNALS (bound to the Verilated model)
  sc_core::sc_signal<bool> clk_s{"clk_s"}, rst_n_s{"rst_n_s"};
  sc_core::sc_signal<bool> in_valid_s{"in_valid_s"}, in_ready_s{"in_ready_s"};
  sc_core::sc_signal<bool> in_int8_s{"in_int8_s"}, in_last_s{"in_last_s"};
  sc_core::sc_signal<uint32_t> in_acc_s{"in_acc_s"}, in_kcnt_s{"in_kcnt_s"};
  sc_core::sc_signal<sc_dt::sc_bv<4096>> in_a_s{"in_a_s"}, in_b_s{"in_b_s"};
  sc_core::sc_signal<sc_dt::sc_bv<8192>> in_c_s{"in_c_s"}, out_c_s{"out_c_s"};
  sc_core::sc_signal<bool> out_valid_s{"out_valid_s"}, out_ready_s{"out_ready_s"};

 private:
  struct Beat;
  void settle();              // one clock phase
  void tick();                // rising then falling edge
  void drive(const Beat* b);  // input signals for this cycle (nullptr: bubble)
  void reset();
  void skip_cycle();  // an idle cycle, counted but not evaluated

  // CONFIG
  sc_core::sc_time m_half;
  // STATE
  std::unique_ptr<Vcube> m_rtl;
  std::unique_ptr<VerilatedVcdSc> m_vcd;
  bool m_reset_done = false;
  uint64_t m_cycle = 0;
  uint64_t m_drain_ready = 0;
  uint64_t m_skipped = 0;
  double m_stall_p = 0;
  std::mt19937_64 m_stall_rng;
};

}  // namespace npu::cosim
