// The vector-unit workloads (`--workload eltwise` and `--workload softmax`): each allocates its
// GM tensors, fills the inputs (random FP16 with edge values), binds the kernel parameters by
// name and afterwards checks the output against tb/util/vector_golden (bit exact for eltwise,
// within the documented 1-ulp bound for softmax). Memory/vector-bound kernels are judged by the
// GM bytes they must move (gm_bytes -> the report's min_bytes and achieved_gbps) and the vector
// pipe's busy share, not by cube TOPS.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chip/chip.h"
#include "npuemu/gemm_workload.h"

namespace npu::tb {

struct VectorSpec {
  std::string shape;  // the --shape text
  uint64_t seed = 1;
  bool edges = true;
};

class VectorWorkload {
 public:
  virtual ~VectorWorkload() = default;
  virtual CheckOutcome check() = 0;
  // Writes the output tensor as .npy; returns an error text or empty.
  virtual std::string save_output(const std::string& path) = 0;
  virtual std::string output_name() const = 0;
  virtual double ops() const = 0;         // arithmetic element operations
  virtual uint64_t gm_bytes() const = 0;  // bytes read + written in GM by an ideal kernel
  // Shape keys for reports, e.g. {"L", "4096"}, {"OP", "add"}.
  virtual std::vector<std::pair<std::string, std::string>> shape() const = 0;
};

bool is_vector_workload(const std::string& name);
// Throws UserError for a bad shape or a kernel whose parameters do not fit the workload.
std::unique_ptr<VectorWorkload> make_vector_workload(const std::string& name,
                                                     const VectorSpec& spec, model::Chip& chip,
                                                     bool timing_only);

// Shared helpers of the vector workloads.
// "L=4096,OP=add" -> pairs, in order; throws UserError on an item without '='.
std::vector<std::pair<std::string, std::string>> split_shape(const std::string& text);
uint64_t shape_uint(const std::string& key, const std::string& value, uint64_t lo, uint64_t hi);
void bind_all(model::Chip& chip, const std::vector<std::pair<const char*, uint64_t>>& binds,
              const char* workload);
std::string save_f16(model::Chip& chip, uint64_t addr, std::vector<uint64_t> shape,
                     const std::string& path);

}  // namespace npu::tb
