// The run report: JSON per DESIGN section 10 (fields may be added, never renamed) and the human
// summary printed on stdout; fault reports on stderr.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "chip/chip.h"
#include "config/sm_occupancy.h"
#include "npuemu/gemm_workload.h"
#include "npuemu/power_report.h"

namespace npu::tb {

struct RunSummary {
  const config::ChipConfig& cfg;
  std::string kernel, workload, dtype, out_dtype;
  uint64_t m, n, k;
  double ops;
  model::RunResult result;
  CheckOutcome check;
  double wall_s;
  double min_bytes = 0;  // bytes the problem must move (inputs read + output written once)
  // Vector workloads: their shape keys (printed and reported instead of M, N, K).
  std::vector<std::pair<std::string, std::string>> shape = {};
  std::optional<CappedResult> capped = {};  // what --power-cap steady|dynamic gave
  // Host launch choices (tensor-core GEMM plan: grid, tile_n), reported under "launch".
  std::vector<std::pair<std::string, uint64_t>> launch = {};
  // Tensor-core chips: CTAs per SM and what limits it, reported under "launch" too.
  std::optional<config::Occupancy> occupancy = {};
  double cpu_s = 0;       // process CPU time (all threads) during the simulation
  unsigned threads = 1;   // --threads: threads doing functional arithmetic
};

double achieved_tops(const RunSummary& s);

void print_human(std::ostream& os, const RunSummary& s);
void print_fault(std::ostream& os, const model::Fault& f);
// Written atomically (temporary file + rename). Returns an error text or empty.
std::string write_report(const std::string& path, const RunSummary& s);

}  // namespace npu::tb
