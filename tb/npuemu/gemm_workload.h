// The GEMM workload: allocates A, B, C in GM, fills A and B (random with edge values, or .npy
// files), binds the kernel's parameters by name, and after the run checks C against the golden
// (tb/util/golden*: implementations independent of the model's cube path), bit for bit.
//
// Inputs FP16 (C FP16 or FP32) or INT8 (C INT32, or INT8 requantised with SCALE). TA=1 stores A
// as [K][M] and TB=1 stores B as [N][K] (the layouts of training's backward pass); the kernel
// gets them as parameters TA / TB. ALPHA= / BETA= scale the output as cuBLAS does,
// C = alpha * A x B + beta * C_in (func/epilogue_scale.h; INT8 output: SCALE is alpha): C_in is
// C's initial content (random, or --input C=), given to the kernel as parameters ALPHA / BETA
// (FP32 bits) or ALPHA_BETA (both, packed as epi.scale takes them), read only when beta != 0.
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
  bool ta = false, tb = false;     // A given as [K,M], B given as [N,K]
  std::string dtype = "fp16";      // inputs: fp16 | int8
  std::string out_dtype = "fp16";  // fp16 | fp32 (fp16 inputs); int32 | int8 (int8 inputs)
  float scale = 0;                 // requantisation scale (int8 output)
  bool has_scale = false;
  float alpha = 1, beta = 0;  // epilogue scaling (fp16 inputs; BETA also for int8 output)
  bool has_alpha = false, has_beta = false;
  uint64_t seed = 1;
  bool edges = true;  // mix edge values (-0, denormals, inf, NaN, large / -128, 127) into inputs
  std::string input_a, input_b;  // .npy paths, or empty for random
  std::string input_c;           // C_in .npy (BETA != 0), or empty for random
};

// "M=4096,N=4096,K=4096[,TA=1][,TB=1][,SCALE=0.01][,ALPHA=2][,BETA=0.5]" -> spec fields;
// throws UserError on anything else.
void parse_gemm_shape(const std::string& text, GemmSpec& spec);
// One --shape value: a non-negative integer, else a UserError naming the key.
uint64_t parse_shape_uint(const std::string& key, const std::string& val);
// Checks that dtype / out_dtype / SCALE / ALPHA / BETA / --input C go together; throws UserError.
void validate_gemm_dtypes(const GemmSpec& spec);

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
  // Writes C as .npy; returns an error text or empty.
  std::string save_output(const std::string& path);
  double ops() const { return 2.0 * m_spec.m * m_spec.n * m_spec.k; }
  // The bytes the problem must move at least once: A and B read, C written.
  double min_bytes() const;

 private:
  size_t in_bytes() const { return m_spec.dtype == "int8" ? 1 : 2; }
  size_t out_bytes() const;
  bool scaled() const { return m_spec.has_alpha || m_spec.has_beta; }
  void bind_scaling();

  GemmSpec m_spec;
  model::Chip& m_chip;
  uint64_t m_a = 0, m_b = 0, m_c = 0;
  uint64_t m_hash_a = 0, m_hash_b = 0;  // fingerprints of the inputs as loaded into GM
  std::vector<uint8_t> m_c_in;          // C as loaded (beta != 0, functional runs): the golden's
};

// Binds optional kernel parameters: each (name, value) is bound when the kernel declares it;
// a nonzero value for a parameter the kernel lacks is a UserError naming `why`.
struct OptionalParam {
  const char* name;
  uint64_t value;
  const char* why;  // e.g. "--out-dtype fp32"
};
void bind_optional(model::Chip& chip, std::initializer_list<OptionalParam> params);

}  // namespace npu::tb
