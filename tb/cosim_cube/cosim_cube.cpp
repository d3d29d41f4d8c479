// cosim_cube: the RTL cube (Verilated) against systemc/func, MMAD by MMAD.
//
// Every job runs through func::mmad_f16 / func::mmad_s8 and through the RTL via the co-sim
// adapter; the whole L0C tile is compared bit for bit (elements the MMAD must not touch included),
// and each MMAD's RTL cycle count must equal what the SystemC cube charges for it
// (model::cube_mmad_cycles with the chip YAML's cube.head, cube.macs_f16 and cube.macs_s8). The
// only tolerated difference is which NaN comes back when both operands of an add are NaN: the
// contract leaves NaN payloads open and func's own vectorised paths differ there (counted, never
// hidden). With --stall P the output side applies random back-pressure (out_ready low with
// probability P per cycle): results must still match bit for bit, and each MMAD's cycles minus the
// stall cycles inside it must still equal the model's. On the first mismatch the failing job is
// rerun alone with the RTL's VCD written. Exit codes (DESIGN section 10): 0 pass, 1 bad input or
// usage, 2 failed check (a result, cycle count or back-pressure that never happened), 3 internal.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iostream>
#include <random>
#include <systemc>

#include "config/chip_config.h"
#include "cosim/cube_cosim.h"
#include "cube_vectors.h"
#include "davinci/cube_timing.h"
#include "func/cube_ops.h"

namespace po = boost::program_options;

namespace npu::tb {
namespace {

struct Options {
  std::string arch, dtypes = "both", vcd = "cosim_cube_fail.vcd";
  uint64_t fractals = 100000, seed = 1;
  size_t batch = 64;
  double stall = 0;  // probability of out_ready low per cycle
  bool directed = true;
  bool inject = false;  // self-test: corrupt one RTL result word
};

struct Tally {
  uint64_t jobs = 0, fractals = 0, words = 0, nan_payload = 0, mismatches = 0, cycle_errors = 0;
  uint64_t rtl_cycles = 0, stalls = 0;
};

bool f32_nan(uint32_t w) { return (w & 0x7fffffffu) > 0x7f800000u; }

class Driver : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Driver);
  Driver(sc_core::sc_module_name name, const Options& o, const config::DaVinciCoreConfig& core)
      : sc_module(name),
        m_opt(o),
        m_core(core),
        m_cube("cube", sc_core::sc_time(500, sc_core::SC_PS)) {
    m_cube.set_backpressure(o.stall, o.seed);
    SC_THREAD(main);
  }
  int exit_code = 3;

 private:
  void main() {
    bool ok = true;
    for (isa::Dtype d : {isa::Dtype::kF16, isa::Dtype::kS8}) {
      const bool want =
          m_opt.dtypes == "both" || (m_opt.dtypes == "fp16") == (d == isa::Dtype::kF16);
      if (want) ok = run_dtype(d) && ok;
    }
    exit_code = ok ? 0 : 2;
    sc_core::sc_stop();
  }

  bool run_dtype(isa::Dtype d) {
    const auto t0 = std::chrono::steady_clock::now();
    std::mt19937_64 rng(m_opt.seed * 2 + (d == isa::Dtype::kS8));
    Tally t;
    std::vector<CubeJob> jobs;
    if (m_opt.directed) jobs = directed_jobs(d);
    const size_t directed = jobs.size();
    for (size_t i = 0; i < jobs.size(); i += m_opt.batch) {
      run_batch(std::span(jobs).subspan(i, std::min(m_opt.batch, jobs.size() - i)), t);
    }
    uint64_t random_fractals = 0;
    while (random_fractals < m_opt.fractals) {
      jobs.clear();
      while (jobs.size() < m_opt.batch && random_fractals < m_opt.fractals) {
        jobs.push_back(random_job(rng, d, 48, d == isa::Dtype::kS8 ? 160 : 80, 48));
        random_fractals += jobs.back().fractals();
      }
      run_batch(jobs, t);
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << fmt::format(
        "cosim_cube {}: {} MMADs ({} directed), {} fractals ({} random), {} words compared, "
        "{} mismatches, {} NaN-payload differences, {} cycle-count errors; {} RTL cycles ({} "
        "out_ready stall cycles) in {:.1f} s ({:.0f} cycles/s)\n",
        d == isa::Dtype::kS8 ? "int8" : "fp16", t.jobs, directed, t.fractals, random_fractals,
        t.words, t.mismatches, t.nan_payload, t.cycle_errors, t.rtl_cycles, t.stalls, s,
        static_cast<double>(t.rtl_cycles) / s);
    const bool stalled = m_opt.stall == 0 || t.stalls > 0;
    if (!stalled) std::cout << "FAILED: --stall given but out_ready never held a result back\n";
    return t.mismatches == 0 && t.cycle_errors == 0 && stalled;
  }

  static std::vector<cosim::MmadJob> views(std::span<CubeJob> jobs,
                                           std::vector<std::vector<uint8_t>>& c) {
    std::vector<cosim::MmadJob> v;
    for (size_t i = 0; i < jobs.size(); ++i) {
      const CubeJob& j = jobs[i];
      c[i] = j.c;
      v.push_back({j.dtype, c[i].data(), j.a.data(), j.b.data(), j.m, j.k, j.n, j.init, j.gap});
    }
    return v;
  }

  void run_batch(std::span<CubeJob> jobs, Tally& t) {
    std::vector<std::vector<uint8_t>> rtl_c(jobs.size());
    const std::vector<cosim::MmadJob> v = views(jobs, rtl_c);
    const uint64_t c_start = m_cube.cycles();
    const std::vector<cosim::MmadTiming> timing = m_cube.run(v);
    t.rtl_cycles += m_cube.cycles() - c_start;
    for (size_t i = 0; i < jobs.size(); ++i) {
      const CubeJob& j = jobs[i];
      std::vector<uint8_t> model = j.c;
      if (j.dtype == isa::Dtype::kS8) {
        func::mmad_s8(reinterpret_cast<int32_t*>(model.data()),
                      reinterpret_cast<const int8_t*>(j.a.data()),
                      reinterpret_cast<const int8_t*>(j.b.data()), j.m, j.k, j.n, j.init);
      } else {
        func::mmad_f16(reinterpret_cast<float*>(model.data()),
                       reinterpret_cast<const uint16_t*>(j.a.data()),
                       reinterpret_cast<const uint16_t*>(j.b.data()), j.m, j.k, j.n, j.init);
      }
      if (m_opt.inject && t.jobs == 0) rtl_c[i][0] ^= 1;
      ++t.jobs;
      t.fractals += j.fractals();
      bool bad = false;
      for (size_t w = 0; w < model.size() / 4; ++w) {
        uint32_t e, g;
        std::memcpy(&e, model.data() + 4 * w, 4);
        std::memcpy(&g, rtl_c[i].data() + 4 * w, 4);
        ++t.words;
        if (e == g) continue;
        if (j.dtype == isa::Dtype::kF16 && f32_nan(e) && f32_nan(g)) {
          ++t.nan_payload;
          continue;
        }
        if (++t.mismatches <= 10) {
          std::cout << fmt::format(
              "MISMATCH {} m={} k={} n={} init={}: L0C word {}: func {:08x}, rtl {:08x}\n", j.label,
              j.m, j.k, j.n, j.init, w, e, g);
        }
        bad = true;
      }
      const bool overlapped = i > 0 && j.gap == 0;
      const auto expect = static_cast<uint64_t>(std::ceil(
          model::cube_mmad_cycles(m_core, j.dtype, static_cast<double>(j.fractals()), !overlapped) -
          1e-9));
      t.stalls += timing[i].stalls;
      if (timing[i].cycles - timing[i].stalls != expect || timing[i].overlapped != overlapped) {
        if (++t.cycle_errors <= 10) {
          std::cout << fmt::format(
              "CYCLES {} m={} k={} n={} gap={}: rtl {} - {} stalls ({}), model {} ({})\n", j.label,
              j.m, j.k, j.n, j.gap, timing[i].cycles, timing[i].stalls,
              timing[i].overlapped ? "streamed" : "idle start", expect,
              overlapped ? "streamed" : "idle start");
        }
        bad = true;
      }
      if (bad && !m_vcd_written) dump_vcd(j);
    }
  }

  // Reruns one job alone into an idle cube with the RTL's waveform recorded.
  void dump_vcd(const CubeJob& j) {
    m_vcd_written = true;
    if (!m_cube.open_vcd(m_opt.vcd)) {
      std::cout << "(no VCD: the cube model was built without tracing)\n";
      return;
    }
    std::vector<uint8_t> c = j.c;
    const cosim::MmadJob v{j.dtype, c.data(), j.a.data(), j.b.data(), j.m, j.k, j.n, j.init, 2};
    m_cube.run(std::span(&v, 1));
    m_cube.close_vcd();
    std::cout << "RTL waveform of the first failing MMAD: " << m_opt.vcd << "\n";
  }

  const Options& m_opt;
  const config::DaVinciCoreConfig& m_core;
  cosim::CubeCosim m_cube;
  bool m_vcd_written = false;
};

}  // namespace
}  // namespace npu::tb

int sc_main(int argc, char* argv[]) {
  using namespace npu;
  tb::Options o;
  po::options_description desc(
      "cosim_cube: RTL cube vs systemc/func, bit for bit and cycle for cycle");
  desc.add_options()("help,h", "this help")("arch", po::value(&o.arch)->required(),
                                            "chip config YAML (cube.head, cube.macs_f16)")(
      "dtype", po::value(&o.dtypes), "fp16 | int8 | both")(
      "fractals", po::value(&o.fractals), "random fractals per dtype (default 100000)")(
      "seed", po::value(&o.seed), "random seed")(
      "batch", po::value(&o.batch), "MMADs streamed per adapter run")("no-directed",
                                                                      "skip the directed vectors")(
      "stall", po::value(&o.stall),
      "back-pressure: probability of out_ready low per cycle (0..0.9, default 0)")(
      "inject-mismatch", "self-test: flip one bit of the first RTL result (must fail, exit 2)")(
      "vcd", po::value(&o.vcd), "where the failing MMAD's RTL waveform goes");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc;
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "cosim_cube: " << e.what() << "\n";
    return 1;
  }
  o.directed = vm.count("no-directed") == 0;
  o.inject = vm.count("inject-mismatch") != 0;
  if (o.dtypes != "fp16" && o.dtypes != "int8" && o.dtypes != "both") {
    std::cerr << "cosim_cube: --dtype must be fp16, int8 or both\n";
    return 1;
  }
  if (o.batch == 0) o.batch = 1;
  if (!(o.stall >= 0 && o.stall <= 0.9)) {
    std::cerr << "cosim_cube: --stall must be in 0..0.9\n";
    return 1;
  }
  config::LoadResult cfg = config::load_chip_config(o.arch);
  if (!cfg.ok()) {
    for (const auto& e : cfg.errors) std::cerr << "cosim_cube: " << e.message << "\n";
    return 1;
  }
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);  // the Verilated cube's time precision
  try {
    tb::Driver driver("driver", o, cfg.config.core);
    sc_core::sc_start();
    return driver.exit_code;
  } catch (const std::exception& e) {
    std::cerr << "cosim_cube: internal error: " << e.what() << "\n";
    return 3;
  }
}
