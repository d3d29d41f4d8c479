// bench_cube: RTL cube cycles per second in co-simulation (the Verilated --sc cube behind the
// co-sim adapter, streaming one fractal per cycle), not a test. Built from a Verilated model
// without tracing; the Verilator and C++ flags are printed with the figure.
//   bench_cube [--dtype fp16|int8] [--fractals N] [--delta]
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <iostream>
#include <random>
#include <string>
#include <systemc>
#include <vector>

#include "bench_flags.h"
#include "cosim/cube_cosim.h"
#include "func/layout.h"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

class Bench : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Bench);
  Bench(sc_core::sc_module_name name, bool int8, uint64_t fractals, bool delta)
      : sc_module(name),
        m_int8(int8),
        m_fractals(fractals),
        m_delta(delta),
        m_cube("cube", delta ? sc_core::SC_ZERO_TIME : sc_core::sc_time(500, sc_core::SC_PS)) {
    SC_THREAD(main);
  }

 private:
  void main() {
    // One 64 x 256 x 64 (FP16) or 64 x 512 x 64 (INT8) MMAD: 256 fractals, streamed back to back.
    const size_t m = 64, n = 64, k = m_int8 ? 512 : 256, c0 = m_int8 ? 32 : 16;
    const size_t es = m_int8 ? 1 : 2;
    std::mt19937_64 rng(1);
    std::vector<uint8_t> a(npu::func::l0a_elems(m, k, c0) * es),
        b(npu::func::l0b_elems(k, n, c0) * es);
    std::vector<uint8_t> c(npu::func::l0c_elems(m, n) * 4);
    for (auto& x : a) x = static_cast<uint8_t>(rng() & (m_int8 ? 0xff : 0x3f));  // finite fp16
    for (auto& x : b) x = static_cast<uint8_t>(rng() & (m_int8 ? 0xff : 0x3f));
    const npu::cosim::MmadJob job{m_int8 ? npu::isa::Dtype::kS8 : npu::isa::Dtype::kF16,
                                  c.data(),
                                  a.data(),
                                  b.data(),
                                  m,
                                  k,
                                  n,
                                  false,
                                  0};
    const size_t per_job = m / 16 * (k / c0) * (n / 16);
    const size_t jobs = (m_fractals + per_job - 1) / per_job;
    std::vector<npu::cosim::MmadJob> list(jobs, job);
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    m_cube.run(list);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpu_seconds() - cpu0;
    const auto cycles = static_cast<double>(m_cube.cycles());
    std::cout << fmt::format(
        "bench_cube {} ({} clock): {} fractals, {:.0f} cube cycles in {:.2f} s wall / {:.2f} s "
        "CPU: "
        "{:.0f} cycles/s wall, {:.0f} cycles/s CPU\n",
        m_int8 ? "int8" : "fp16", m_delta ? "delta" : "timed", jobs * per_job, cycles, wall, cpu,
        cycles / wall, cycles / cpu);
    sc_core::sc_stop();
  }

  bool m_int8;
  uint64_t m_fractals;
  bool m_delta;
  npu::cosim::CubeCosim m_cube;
};

}  // namespace

int sc_main(int argc, char* argv[]) {
  bool int8 = false, delta = false;
  uint64_t fractals = 20000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dtype" && i + 1 < argc) {
      const std::string d = argv[++i];
      if (d != "fp16" && d != "int8") {
        std::cerr << "bench_cube: --dtype fp16|int8\n";
        return 1;
      }
      int8 = d == "int8";
    } else if (arg == "--fractals" && i + 1 < argc) {
      fractals = std::stoull(argv[++i]);
    } else if (arg == "--delta") {
      delta = true;
    } else {
      std::cerr << "usage: bench_cube [--dtype fp16|int8] [--fractals N] [--delta]\n";
      return 1;
    }
  }
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  std::cout << "verilator " << NPU_BENCH_VERILATOR_FLAGS << "; C++ " << NPU_BENCH_CXX_FLAGS << "\n";
  Bench bench("bench", int8, fractals, delta);
  sc_core::sc_start();
  return 0;
}
