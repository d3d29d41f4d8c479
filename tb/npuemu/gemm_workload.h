// The GEMM workload: allocates A, B, C in GM, fills A and B (random with edge values, or .npy
// files), binds the kernel's parameters by name, and after the run checks C against the golden
// (tb/util/golden: an implementation independent of the model's cube path), bit for bit.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chip/chip.h"
#include "util/golden.h"

namespace npu::tb {

struct GemmSpec {
  uint64_t m = 0, n = 0, k = 0;
  bool out_f32 = false;
  uint64_t seed = 1;
  bool edges = true;  // mix edge values (-0, denormals, inf, NaN, large) into random inputs
  std::string input_a, input_b;  // .npy paths, or empty for random
};

// "M=4096,N=4096,K=4096" -> spec fields; throws UserError on anything else.
void parse_gemm_shape(const std::string& text, GemmSpec& spec);

struct CheckOutcome {
  std::string status = "skipped";  // pass | fail | skipped
  size_t mismatches = 0;
  double max_abs_err = 0;
  std::string detail;  // first mismatch, for the human output
};

class GemmWorkload {
 public:
  GemmWorkload(GemmSpec spec, model::Chip& chip, bool timing_only);
  CheckOutcome check();
  // Writes C as .npy (fp16 or fp32); returns an error text or empty.
  std::string save_output(const std::string& path);
  double ops() const { return 2.0 * m_spec.m * m_spec.n * m_spec.k; }

 private:
  GemmSpec m_spec;
  model::Chip& m_chip;
  uint64_t m_a = 0, m_b = 0, m_c = 0;
  std::vector<uint16_t> m_host_a, m_host_b;
};

}  // namespace npu::tb
