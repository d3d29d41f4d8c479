// Cube co-simulation adapter (see cube_cosim.h for the contract).
#include "cosim/cube_cosim.h"

#include <algorithm>
#include <cstring>
#include <deque>

#include "Vcube.h"
#include "func/layout.h"
#if VM_TRACE
#include "verilated_vcd_sc.h"
#else
class VerilatedVcdSc {};  // a model built without --trace never opens one
#endif

namespace npu::cosim {

namespace {

constexpr uint32_t kAccIn = 0, kAccZero = 1, kAccChain = 2;  // rtl/cube.sv in_acc
constexpr size_t kFractalBytes = 512;                        // 16 rows x 32 bytes
constexpr size_t kBlockWords = 256;                          // 16 x 16 accumulators

template <int W>
void load_words(sc_dt::sc_bv<W>& bv, const void* src) {
  uint32_t w[W / 32];
  std::memcpy(w, src, sizeof w);
  for (int i = 0; i < W / 32; ++i) bv.set_word(i, w[i]);
}

}  // namespace

// One fractal on the input port, and where its result goes when it carries `last`.
struct CubeCosim::Beat {
  bool int8;
  uint32_t acc, kcnt;
  bool last;
  const uint8_t* a;
  const uint8_t* b;
  const uint8_t* c;  // L0C block (kAccIn only)
  size_t job;
  size_t ib, jb;
};

CubeCosim::CubeCosim(sc_core::sc_module_name name, sc_core::sc_time half_period)
    : sc_module(name), m_half(half_period), m_rtl(std::make_unique<Vcube>("rtl")) {
  m_rtl->clk(clk_s);
  m_rtl->rst_n(rst_n_s);
  m_rtl->in_valid(in_valid_s);
  m_rtl->in_ready(in_ready_s);
  m_rtl->in_int8(in_int8_s);
  m_rtl->in_acc(in_acc_s);
  m_rtl->in_kcnt(in_kcnt_s);
  m_rtl->in_last(in_last_s);
  m_rtl->in_a(in_a_s);
  m_rtl->in_b(in_b_s);
  m_rtl->in_c(in_c_s);
  m_rtl->out_valid(out_valid_s);
  m_rtl->out_ready(out_ready_s);
  m_rtl->out_c(out_c_s);
}

CubeCosim::~CubeCosim() { close_vcd(); }

bool CubeCosim::open_vcd(const std::string& path) {
#if VM_TRACE
  close_vcd();
  Verilated::traceEverOn(true);
  m_vcd = std::make_unique<VerilatedVcdSc>();
  m_rtl->trace(m_vcd.get(), 99);
  m_vcd->open(path.c_str());
  return true;
#else
  (void)path;
  return false;
#endif
}

void CubeCosim::close_vcd() {
#if VM_TRACE
  if (m_vcd) {
    m_vcd->flush();
    m_vcd->close();
  }
#endif
}

void CubeCosim::settle() {
  if (m_half != sc_core::SC_ZERO_TIME) {
    sc_core::wait(m_half);
    return;
  }
  // Delta clocking: inputs update at the end of this delta, the model evaluates in the next one
  // and its outputs update at the end of that one.
  sc_core::wait(sc_core::SC_ZERO_TIME);
  sc_core::wait(sc_core::SC_ZERO_TIME);
}

void CubeCosim::tick() {
  clk_s.write(true);
  settle();
  clk_s.write(false);
  ++m_cycle;
}

void CubeCosim::skip_cycle() {
  if (m_half != sc_core::SC_ZERO_TIME) sc_core::wait(2 * m_half);  // keep time = cycles
  ++m_cycle;
  ++m_skipped;
}

void CubeCosim::set_backpressure(double stall_probability, uint64_t seed) {
  m_stall_p = stall_probability;
  m_stall_rng.seed(seed);
}

void CubeCosim::reset() {
  out_ready_s.write(true);
  rst_n_s.write(false);
  settle();
  rst_n_s.write(true);
  settle();
  m_reset_done = true;
}

void CubeCosim::drive(const Beat* b) {
  in_valid_s.write(b != nullptr);
  if (b == nullptr) return;
  in_int8_s.write(b->int8);
  in_acc_s.write(b->acc);
  in_kcnt_s.write(b->kcnt);
  in_last_s.write(b->last);
  sc_dt::sc_bv<4096> v;
  load_words(v, b->a);
  in_a_s.write(v);
  load_words(v, b->b);
  in_b_s.write(v);
  if (b->c != nullptr) {
    sc_dt::sc_bv<8192> c;
    load_words(c, b->c);
    in_c_s.write(c);
  }
}

std::vector<MmadTiming> CubeCosim::run(std::span<const MmadJob> jobs) {
  if (!m_reset_done) reset();
  // Fractals in issue order, each job's preceded by its gap (nullptr entries are bubbles).
  std::vector<Beat> beats;
  std::vector<std::pair<size_t, size_t>> job_beats(jobs.size());  // [first, end)
  for (size_t j = 0; j < jobs.size(); ++j) {
    const MmadJob& job = jobs[j];
    const bool int8 = job.dtype == isa::Dtype::kS8;
    const size_t c0 = int8 ? 32 : 16;
    const size_t kf = func::ceil_div(job.k, c0), mp = func::ceil16(job.m);
    const size_t nf = func::ceil16(job.n) / 16;
    const auto* a = static_cast<const uint8_t*>(job.a);
    const auto* b = static_cast<const uint8_t*>(job.b);
    const auto* c = static_cast<const uint8_t*>(job.c);
    job_beats[j].first = beats.size();
    for (size_t ib = 0; ib < mp / 16; ++ib) {
      for (size_t jb = 0; jb < nf; ++jb) {
        for (size_t kb = 0; kb < kf; ++kb) {
          const bool first = kb == 0;
          beats.push_back(
              Beat{int8, first ? (job.init ? kAccZero : kAccIn) : kAccChain,
                   static_cast<uint32_t>(std::min(c0, job.k - kb * c0)), kb + 1 == kf,
                   a + (ib * kf + kb) * kFractalBytes, b + (kb * nf + jb) * kFractalBytes,
                   first && !job.init ? c + func::l0c_offset(ib * 16, jb * 16, mp) * 4 : nullptr, j,
                   ib, jb});
        }
      }
    }
    job_beats[j].second = beats.size();
  }

  std::deque<const Beat*> pending;  // issued beats with `last`, awaiting their result
  std::vector<uint64_t> first_accept(jobs.size()), last_result(jobs.size());
  std::vector<uint64_t> stalls_at_first(jobs.size()), stalls_at_last(jobs.size());
  size_t next = 0, job = 0, results = 0, expected = 0;
  uint64_t stalls = 0;
  // Unstalled cycles until the last accepted fractal has left the stages that hold state of it
  // (S1..S4; a fractal with `last` stays pending until its result is taken).
  int busy = 0;
  constexpr int kStateStages = 4;
  uint32_t gap_left = jobs.empty() ? 0 : jobs[0].gap;
  for (const Beat& b : beats) expected += b.last;
  m_drain_ready = 0;
  std::bernoulli_distribution stall(m_stall_p);
  while (next < beats.size() || results < expected) {
    // Gap cycles count only when the cube could accept (a stall is not an idle input cycle).
    const bool gap_cycle = next < beats.size() && gap_left > 0;
    const Beat* in = next < beats.size() && !gap_cycle ? &beats[next] : nullptr;
    if (gap_cycle && busy == 0 && pending.empty()) {
      --gap_left;
      skip_cycle();
      continue;
    }
    if (m_stall_p > 0) out_ready_s.write(!stall(m_stall_rng));
    drive(in);
    settle();
    const bool ready = in_ready_s.read();
    if (ready) {
      busy = std::max(busy - 1, 0);
      if (gap_cycle) --gap_left;
    }
    if (!ready) ++stalls;  // in_ready = !(out_valid && !out_ready): the pipeline holds
    if (next == beats.size() && ready) ++m_drain_ready;  // all issued: count the drain
    if (out_valid_s.read() && out_ready_s.read()) {
      const Beat* r = pending.front();
      pending.pop_front();
      const MmadJob& jb = jobs[r->job];
      const size_t mp = func::ceil16(jb.m);
      const sc_dt::sc_bv<8192>& out = out_c_s.read();
      auto* dst = static_cast<uint8_t*>(jb.c) + func::l0c_offset(r->ib * 16, r->jb * 16, mp) * 4;
      for (size_t i = 0; i < 16 && r->ib * 16 + i < jb.m; ++i) {
        for (size_t jj = 0; jj < 16 && r->jb * 16 + jj < jb.n; ++jj) {
          const uint32_t w = static_cast<uint32_t>(out.get_word(static_cast<int>(i * 16 + jj)));
          std::memcpy(dst + (i * 16 + jj) * 4, &w, 4);
        }
      }
      last_result[r->job] = m_cycle;
      stalls_at_last[r->job] = stalls;
      ++results;
    }
    if (in != nullptr && ready) {
      busy = kStateStages;
      if (next == job_beats[job].first) {
        first_accept[job] = m_cycle;
        stalls_at_first[job] = stalls;
      }
      if (in->last) pending.push_back(in);
      if (++next == job_beats[job].second && job + 1 < jobs.size()) {
        ++job;
        gap_left = jobs[job].gap;
      }
    }
    tick();
  }
  drive(nullptr);  // leave the input idle between runs
  out_ready_s.write(true);

  std::vector<MmadTiming> t(jobs.size());
  for (size_t j = 0; j < jobs.size(); ++j) {
    const bool overlapped = j > 0 && first_accept[j] <= last_result[j - 1];
    t[j].overlapped = overlapped;
    t[j].cycles =
        overlapped ? last_result[j] - last_result[j - 1] : last_result[j] - first_accept[j] + 1;
    t[j].stalls = stalls_at_last[j] - (overlapped ? stalls_at_last[j - 1] : stalls_at_first[j]);
  }
  return t;
}

}  // namespace npu::cosim
