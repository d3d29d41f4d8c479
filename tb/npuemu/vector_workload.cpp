// Shared plumbing of the vector workloads (see vector_workload.h); the workloads themselves are
// in eltwise_workload.cpp and softmax_workload.cpp.
#include "npuemu/vector_workload.h"

#include <fmt/format.h>

#include <sstream>

#include "npuemu/cli.h"
#include "util/npy.h"

namespace npu::tb {

// The HBM copy (copy_workload.cpp) shares the interface: bytes in, the same bytes out.
std::unique_ptr<VectorWorkload> make_copy(const VectorSpec& spec, model::Chip& chip,
                                          bool timing_only);
std::unique_ptr<VectorWorkload> make_eltwise(const VectorSpec& spec, model::Chip& chip,
                                             bool timing_only);
std::unique_ptr<VectorWorkload> make_softmax(const VectorSpec& spec, model::Chip& chip,
                                             bool timing_only);
std::unique_ptr<VectorWorkload> make_matmul_bias_relu(const VectorSpec& spec, model::Chip& chip,
                                                      bool timing_only);

bool is_vector_workload(const std::string& name) {
  return name == "eltwise" || name == "softmax" || name == "matmul_bias_relu" ||
         name == "copy";
}

std::unique_ptr<VectorWorkload> make_vector_workload(const std::string& name,
                                                     const VectorSpec& spec, model::Chip& chip,
                                                     bool timing_only) {
  if (name == "eltwise") return make_eltwise(spec, chip, timing_only);
  if (name == "softmax") return make_softmax(spec, chip, timing_only);
  if (name == "matmul_bias_relu") return make_matmul_bias_relu(spec, chip, timing_only);
  if (name == "copy") return make_copy(spec, chip, timing_only);
  throw UserError(fmt::format("--workload '{}' is not a vector workload", name));
}

std::vector<std::pair<std::string, std::string>> split_shape(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UserError(fmt::format("--shape: '{}' is not KEY=VALUE", item));
    }
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

uint64_t shape_uint(const std::string& key, const std::string& value, uint64_t lo, uint64_t hi) {
  const uint64_t v = value.empty() ? parse_shape_uint(key, "?") : parse_shape_uint(key, value);
  if (v < lo || v > hi) {
    throw UserError(fmt::format("--shape: {}={} is out of range [{}, {}]", key, v, lo, hi));
  }
  return v;
}

void bind_all(model::Chip& chip, const std::vector<std::pair<const char*, uint64_t>>& binds,
              const char* workload) {
  for (const auto& [name, value] : binds) {
    if (std::string err = chip.bind(name, value); !err.empty()) throw UserError(err);
  }
  if (auto unbound = chip.unbound_params(); !unbound.empty()) {
    throw UserError(fmt::format("the {} workload does not know how to bind kernel parameter '{}'",
                                workload, unbound.front()));
  }
}

std::string save_f16(model::Chip& chip, uint64_t addr, std::vector<uint64_t> shape,
                     const std::string& path) {
  uint64_t count = 1;
  for (uint64_t d : shape) count *= d;
  NpyArray arr{"<f2", std::move(shape), {}};
  const uint8_t* p = chip.gm().data(addr, count * 2);
  if (p == nullptr) return "--output needs a functional run (not --timing-only)";
  arr.data.assign(p, p + count * 2);
  return write_npy(path, arr);
}

}  // namespace npu::tb
