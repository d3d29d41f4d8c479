// npuemu run: one kernel launch on one chip, with the golden check, report and traces
// (DESIGN section 10). Exit 0 on success, 1 on user error, 2 on a firmware fault or failed check.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include <sys/resource.h>
#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <systemc>

#include "asm/firmware_io.h"
#include "chip/chip.h"
#include "config/chip_config.h"
#include "func/worker_pool.h"
#include "npuemu/cli.h"
#include "npuemu/conv2d_workload.h"
#include "npuemu/cube_choice.h"
#include "npuemu/options.h"
#include "npuemu/gemm_workload.h"
#include "npuemu/host_tiling.h"
#include "npuemu/report.h"
#include "npuemu/run_traces.h"
#include "npuemu/vector_workload.h"
#include "npuemu/steady_cap.h"

namespace po = boost::program_options;

namespace npu::tb {
namespace {

std::pair<std::string, std::string> split_binding(const std::string& s, const char* opt) {
  auto eq = s.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
    throw UserError(fmt::format("{} '{}': expected NAME=FILE.npy", opt, s));
  }
  return {s.substr(0, eq), s.substr(eq + 1)};
}

}  // namespace

int cmd_run(int argc, char** argv) {
  po::options_description opts("npuemu run options");
  std::string arch, kernel, workload = "gemm", shape, dtype = "fp16", out_dtype = "fp16";
  std::string cube = "func", report_path, vcd_path, vcd_signals = "*", power_cap = "off", log_level = "warn";
  std::vector<std::string> inputs, outputs, sets;
  TraceArgs traces;
  uint32_t cores = 0, threads = 1, cluster = 0;
  double freq = 0;
  uint64_t seed = 1;
  int64_t max_cycles = 0, max_instructions = 0;  // signed: boost wraps "-5" into a uint64
  bool check = false, timing_only = false, no_edges = false;
  opts.add_options()
      ("help,h", "this help")
      ("arch", po::value(&arch)->required(), "chip config YAML")
      ("kernel", po::value(&kernel)->required(), "firmware: .s source or .fw image")
      ("workload", po::value(&workload), "workload: gemm | conv2d | eltwise | softmax | matmul_bias_relu | copy")
      ("shape", po::value(&shape)->required(), "shape, e.g. M=4096,N=4096,K=4096")
      ("dtype", po::value(&dtype), "input dtype: fp16 | int8")
      ("out-dtype", po::value(&out_dtype),
       "output dtype: fp16 | fp32 (fp16 inputs), int32 | int8 (int8 inputs; default int32)")
      ("cores", po::value(&cores), "cores to use (default: all)")
      ("cluster", po::value(&cluster),
       "CTAs per thread-block cluster (tensor-core chips; default: the host plan's choice for a "
       "GEMM, else 1)")
      ("freq-mhz", po::value(&freq), "pin the core clock (default: the config's)")
      ("input", po::value(&inputs)->composing(), "NAME=FILE.npy input tensor (A, B; gemm with BETA: C)")
      ("output", po::value(&outputs)->composing(), "NAME=FILE.npy output tensor (C)")
      ("check", po::bool_switch(&check), "compare the output with the golden, bit for bit")
      ("timing-only", po::bool_switch(&timing_only), "skip data and arithmetic (same cycles)")
      ("cube", po::value(&cube), "MMAD arithmetic: func | rtl (the Verilated RTL cube in the loop)")
      ("threads", po::value(&threads),
       "threads for the functional arithmetic (MMAD), the SystemC thread included; results do "
       "not depend on it (default 1)")
      ("seed", po::value(&seed), "seed of the random inputs")
      ("no-edge-values", po::bool_switch(&no_edges), "random inputs without -0/denormal/inf/NaN")
      ("max-cycles", po::value(&max_cycles), "cycle budget (fault when exceeded)")
      ("max-instructions", po::value(&max_instructions),
       "scalar instruction budget per core (fault when exceeded)")
      ("power-cap", po::value(&power_cap),
       "off | steady (highest clock step whose steady power fits the envelope) | dynamic "
       "(the governor runs inside the simulation)")
      ("report", po::value(&report_path), "write the JSON report here")
      ("vcd", po::value(&vcd_path), "write a VCD waveform here")
      ("vcd-signals", po::value(&vcd_signals), "glob selecting VCD signals (default '*')")
      ("set", po::value(&sets)->composing(), "override a chip parameter: KEY=VALUE (--list-params)")
      ("log-level", po::value(&log_level), "trace|debug|info|warn|error");
  add_trace_options(opts, traces);
  po::variables_map vm;
  if (!parse_options(argc, argv, opts, "run", vm)) return kExitOk;
  spdlog::set_level(spdlog::level::from_str(log_level));
  const bool is_conv = workload == "conv2d";
  const bool vector = is_vector_workload(workload);
  if (workload != "gemm" && !is_conv && !vector) {
    throw UserError(fmt::format("--workload '{}' is not known (gemm, conv2d, eltwise, softmax, matmul_bias_relu, copy)",
                                workload));
  }
  if (vector && (dtype != "fp16" || out_dtype != "fp16")) {
    throw UserError(fmt::format("--dtype/--out-dtype: the {} workload is FP16 in and out", workload));
  }
  if (is_conv && dtype != "fp16") throw UserError("--workload conv2d: --dtype must be fp16");
  if (dtype == "int8" && !vm.count("out-dtype")) out_dtype = "int32";
  if (power_cap != "off" && power_cap != "steady" && power_cap != "dynamic") {
    throw UserError(fmt::format("--power-cap '{}': expected off, steady or dynamic", power_cap));
  }
  if (check && timing_only) throw UserError("--check needs data: drop --timing-only");
  if (threads < 1 || threads > 256) throw UserError("--threads must be within 1..256");
  func::set_worker_threads(threads);

  config::LoadResult cfg = config::load_chip_config(arch);
  if (!cfg.ok()) {
    std::string all;
    for (const auto& e : cfg.errors) all += (all.empty() ? "" : "\n") + e.message;
    throw UserError(all);
  }
  apply_param_overrides(cfg.config, sets);
  as::LoadResult fw = as::load_firmware(kernel);
  if (!fw.image) throw UserError(fw.error);
  if (fw.image->family != cfg.config.family) {
    throw UserError(fmt::format("{} is firmware for another chip family than {}", kernel, arch));
  }
  if (cores == 0) cores = cfg.config.cores;
  if (cores > cfg.config.cores) {
    throw UserError(fmt::format("--cores {}: the chip has {} cores", cores, cfg.config.cores));
  }
  if (freq == 0) freq = cfg.config.freq_mhz;
  if (!(freq >= 1 && freq <= 10000)) throw UserError("--freq-mhz must be within 1..10000");

  GemmSpec spec;
  ConvSpec conv_spec;
  // Tensor names per workload: inputs, output.
  const char* in0 = is_conv ? "X" : "A";
  const char* in1 = is_conv ? "W" : "B";
  const char* out_name = is_conv ? "Y" : "C";
  if (vector) {
    out_name = workload == "eltwise" ? "Z" : "Y";
    if (!inputs.empty()) {
      throw UserError(fmt::format("--input: the {} workload makes its own inputs", workload));
    }
  } else if (is_conv) {
    parse_conv_shape(shape, conv_spec);
    conv_spec.out_dtype = out_dtype;
    conv_spec.seed = seed;
    conv_spec.edges = !no_edges;
  } else {
    parse_gemm_shape(shape, spec);
    spec.dtype = dtype;
    spec.out_dtype = out_dtype;
    validate_gemm_dtypes(spec);
    spec.seed = seed;
    spec.edges = !no_edges;
  }
  for (const std::string& s : inputs) {
    auto [name, path] = split_binding(s, "--input");
    if (name == "C" && workload == "gemm") {  // C_in of a scaled GEMM (BETA != 0)
      spec.input_c = path;
      continue;
    }
    if (name != in0 && name != in1) {
      throw UserError(
          fmt::format("--input {}: the {} workload takes {} and {}", name, workload, in0, in1));
    }
    (name == in0 ? (is_conv ? conv_spec.input_x : spec.input_a)
                 : (is_conv ? conv_spec.input_w : spec.input_b)) = path;
  }
  std::string output_c;
  for (const std::string& s : outputs) {
    auto [name, path] = split_binding(s, "--output");
    if (name != out_name) {
      throw UserError(fmt::format("--output {}: the {} workload writes {}", name, workload, out_name));
    }
    output_c = path;
  }

  CubeChoice cube_choice(cube, cores, timing_only);
  model::RunOptions ro;
  ro.timing_only = timing_only;
  ro.cube = cube_choice.backend();
  if (max_cycles < 0 || max_instructions < 0) {
    throw UserError("--max-cycles and --max-instructions take a positive count");
  }
  if (max_cycles) ro.max_cycles = static_cast<uint64_t>(max_cycles);
  if (max_instructions) ro.max_instructions = static_cast<uint64_t>(max_instructions);
  if (power_cap != "off" && !cfg.config.power.present) {
    throw UserError(fmt::format("--power-cap {}: {} has no power section", power_cap, arch));
  }
  ro.power_governor = power_cap == "dynamic";
  model::Chip chip("chip", cfg.config, *fw.image, freq, cores, ro);
  for (const auto& [name, value] : host_tiling(cfg.config, workload, dtype)) {
    (void)chip.bind(name, value);  // only kernels that declare it take tiling data
  }
  std::vector<std::pair<std::string, uint64_t>> launch;
  if (cfg.config.family == isa::Family::kTensorCore && workload == "gemm") {
    const TensorCoreGemmPlan plan = tensorcore_gemm_plan(cfg.config, dtype, spec.m, spec.n, spec.k,
                                                         chip.block_dim(), freq, cluster);
    if (chip.bind("TILE_N", plan.tile_n).empty()) {
      (void)chip.bind("TILE_M", plan.tile_m);
      chip.set_block_dim(plan.grid);
      chip.set_cta_resources({plan.smem_bytes, std::nullopt, plan.threads, plan.regs});
      chip.set_cluster_dim(plan.cluster);
      launch = {{"grid", plan.grid},
                {"tile_m", plan.tile_m},
                {"tile_n", plan.tile_n},
                {"cluster", plan.cluster}};
    }
  }
  if (launch.empty() && cluster > 0) chip.set_cluster_dim(cluster);
  if (std::string err = chip.launch_error(); !err.empty()) throw UserError("launch: " + err);
  std::optional<config::Occupancy> occupancy;
  if (cfg.config.family == isa::Family::kTensorCore) {
    occupancy = chip.occupancy();
    // A launch no SM can hold is the launch's error (CUDA refuses it at cudaLaunchKernel), found
    // before anything runs: bad input (exit 1), not a fault of running firmware.
    if (occupancy->ctas_per_sm == 0) {
      throw UserError(fmt::format("{}: launch: {}", fw.image->kernel, occupancy->error));
    }
    // Without a host plan the kernel is persistent (it strides its work by block_dim): launch a
    // CTA per resident slot, as CUDA code sizes such grids with the occupancy API.
    if (launch.empty() && occupancy->ctas_per_sm > 1) {
      chip.set_block_dim(chip.block_dim() * occupancy->ctas_per_sm);
      launch = {{"grid", chip.block_dim()}};
    }
  }
  std::unique_ptr<GemmWorkload> gemm;
  std::unique_ptr<Conv2dWorkload> conv;
  std::unique_ptr<VectorWorkload> vec;
  if (vector) vec = make_vector_workload(workload, {shape, seed, !no_edges}, chip, timing_only);
  else if (is_conv) conv = std::make_unique<Conv2dWorkload>(conv_spec, chip, cfg.config, timing_only);
  else gemm = std::make_unique<GemmWorkload>(spec, chip, timing_only);
  traces.vcd_path = vcd_path;
  traces.vcd_signals = vcd_signals;
  RunTraces run_traces(chip, *fw.image, traces);

  // CPU time of the whole process (every thread) next to the wall time: on a loaded machine
  // it is the steadier measure of the simulation's own cost.
  auto cpu_now = [] {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  };
  const double cpu0 = cpu_now();
  auto t0 = std::chrono::steady_clock::now();
  model::RunResult rr = chip.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double sim_cpu = cpu_now() - cpu0;
  run_traces.close();

  CheckOutcome chk;
  if (rr.completed && check) chk = vec ? vec->check() : conv ? conv->check() : gemm->check();
  if (rr.completed && !output_c.empty()) {
    std::string err = vec    ? vec->save_output(output_c)
                      : conv ? conv->save_output(output_c)
                             : gemm->save_output(output_c);
    if (!err.empty()) throw UserError(err);
  }
  // Conv2d reports the GEMM it is computed as (M = N*OH*OW, N = K, K = R*S*C).
  RunSummary sum{cfg.config,
                 fw.image->kernel,
                 workload,
                 dtype,
                 out_dtype,
                 conv ? conv->gemm_m() : spec.m,
                 conv ? conv->gemm_n() : spec.n,
                 conv ? conv->gemm_k() : spec.k,
                 vec ? vec->ops() : conv ? conv->ops() : gemm->ops(),
                 rr,
                 chk,
                 wall,
                 vec    ? static_cast<double>(vec->gm_bytes())
                 : conv ? conv->min_bytes()
                        : gemm->min_bytes()};
  if (vec) sum.shape = vec->shape();
  sum.launch = launch;
  sum.occupancy = occupancy;
  sum.cpu_s = sim_cpu;
  sum.threads = threads;
  if (const auto pw = summarize_power(cfg.config, rr); pw && rr.completed && power_cap != "off") {
    if (power_cap == "dynamic") {
      sum.capped = CappedResult{"dynamic", pw->avg_mhz, achieved_tops(sum), pw->avg_w, pw->peak_w,
                                rr.seconds, pw->avg_w <= cfg.config.envelope_w};
    } else {
      std::vector<std::string> child = {"--arch",  arch,  "--kernel", kernel, "--workload",
                                        workload, "--shape", shape, "--cores",
                                        std::to_string(cores), "--timing-only"};
      if (vm.count("dtype")) child.insert(child.end(), {"--dtype", dtype});
      if (vm.count("out-dtype")) child.insert(child.end(), {"--out-dtype", out_dtype});
      if (max_cycles) child.insert(child.end(), {"--max-cycles", std::to_string(max_cycles)});
      if (cluster) child.insert(child.end(), {"--cluster", std::to_string(cluster)});
      for (const std::string& s : sets) child.insert(child.end(), {"--set", s});
      sum.capped = steady_cap(cfg.config, freq, *pw, rr, achieved_tops(sum), child);
    }
  }
  print_human(std::cout, sum);
  if (rr.fault) print_fault(std::cerr, *rr.fault);
  if (!report_path.empty()) {
    if (std::string err = write_report(report_path, sum); !err.empty()) throw UserError(err);
  }
  const bool cube_agrees = cube_choice.report(std::cout);
  if (rr.fault || chk.status == "fail" || !cube_agrees) return kExitFault;
  return kExitOk;
}

}  // namespace npu::tb
