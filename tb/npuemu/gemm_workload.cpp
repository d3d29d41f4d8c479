// GEMM workload set-up and golden check (see gemm_workload.h).
#include "npuemu/gemm_workload.h"

#include <cstring>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "func/fp16.h"
#include "npuemu/cli.h"
#include "util/inputs.h"
#include "util/npy.h"

namespace npu::tb {
namespace {

std::vector<uint16_t> load_matrix(const std::string& path, uint64_t rows, uint64_t cols,
                                  const char* name) {
  NpyReadResult r = read_npy(path);
  if (!r.array) throw UserError(fmt::format("--input {}={}: {}", name, path, r.error));
  const NpyArray& a = *r.array;
  if (a.dtype != "<f2") {
    throw UserError(fmt::format("--input {}={}: dtype '{}' but this workload takes float16 ('<f2')",
                                name, path, a.dtype));
  }
  if (a.shape.size() != 2 || a.shape[0] != rows || a.shape[1] != cols) {
    throw UserError(fmt::format("--input {}={}: shape ({}) but the GEMM needs ({},{})", name, path,
                                fmt::join(a.shape, ","), rows, cols));
  }
  std::vector<uint16_t> out(rows * cols);
  std::memcpy(out.data(), a.data.data(), out.size() * 2);
  return out;
}

}  // namespace

void parse_gemm_shape(const std::string& text, GemmSpec& spec) {
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      throw UserError(fmt::format("--shape: '{}' is not KEY=VALUE (e.g. M=4096,N=4096,K=4096)", item));
    }
    std::string key = item.substr(0, eq), val = item.substr(eq + 1);
    uint64_t v = 0;
    try {
      size_t used = 0;
      v = std::stoull(val, &used);
      if (used != val.size()) throw std::invalid_argument(val);
    } catch (const std::exception&) {
      throw UserError(fmt::format("--shape: {}='{}' is not a non-negative integer", key, val));
    }
    if (key == "M") spec.m = v;
    else if (key == "N") spec.n = v;
    else if (key == "K") spec.k = v;
    else throw UserError(fmt::format("--shape: unknown key '{}' for gemm (M, N, K)", key));
  }
  if (spec.m == 0 || spec.n == 0 || spec.k == 0) {
    throw UserError("--shape: gemm needs M, N and K, each at least 1 (e.g. M=4096,N=4096,K=4096)");
  }
  if (spec.m > (1u << 20) || spec.n > (1u << 20) || spec.k > (1u << 20)) {
    throw UserError("--shape: dimensions above 1048576 are not supported");
  }
}

GemmWorkload::GemmWorkload(GemmSpec spec, model::Chip& chip, bool timing_only)
    : m_spec(std::move(spec)), m_chip(chip) {
  const uint64_t m = m_spec.m, n = m_spec.n, k = m_spec.k;
  model::GlobalMemory& gm = chip.gm();
  m_a = gm.allocate("A", m * k * 2);
  m_b = gm.allocate("B", k * n * 2);
  m_c = gm.allocate("C", m * n * (m_spec.out_f32 ? 4 : 2));
  if (!timing_only) {
    auto mix = m_spec.edges ? EdgeMix::kEdges : EdgeMix::kNone;
    m_host_a = m_spec.input_a.empty() ? random_f16(m * k, m_spec.seed, mix)
                                      : load_matrix(m_spec.input_a, m, k, "A");
    m_host_b = m_spec.input_b.empty() ? random_f16(k * n, m_spec.seed + 1, mix)
                                      : load_matrix(m_spec.input_b, k, n, "B");
    std::memcpy(gm.data(m_a, m * k * 2), m_host_a.data(), m * k * 2);
    std::memcpy(gm.data(m_b, k * n * 2), m_host_b.data(), k * n * 2);
  }
  const std::pair<const char*, uint64_t> binds[] = {
      {"A", m_a}, {"B", m_b}, {"C", m_c}, {"M", m}, {"N", n}, {"K", k},
      {"OUT_F32", m_spec.out_f32 ? 1u : 0u}};
  for (auto [name, value] : binds) {
    std::string err = chip.bind(name, value);
    if (!err.empty() && std::string(name) != "OUT_F32") throw UserError(err);
    if (!err.empty() && m_spec.out_f32) {
      throw UserError("--out-dtype fp32: the kernel has no OUT_F32 parameter");
    }
  }
  if (auto unbound = chip.unbound_params(); !unbound.empty()) {
    throw UserError(fmt::format("the gemm workload does not know how to bind kernel parameter '{}'",
                                unbound.front()));
  }
}

CheckOutcome GemmWorkload::check() {
  CheckOutcome out;
  GemmShape s{m_spec.m, m_spec.n, m_spec.k, false, false};
  const size_t count = m_spec.m * m_spec.n;
  CompareResult cr;
  if (m_spec.out_f32) {
    std::vector<float> expected = gemm_golden_f16_acc(m_host_a.data(), m_host_b.data(), s);
    cr = compare_f32(expected.data(), reinterpret_cast<const float*>(m_chip.gm().data(m_c, count * 4)),
                     count);
  } else {
    std::vector<uint16_t> expected = gemm_golden_f16(m_host_a.data(), m_host_b.data(), s);
    cr = compare_f16(expected.data(),
                     reinterpret_cast<const uint16_t*>(m_chip.gm().data(m_c, count * 2)), count);
  }
  out.status = cr.ok() ? "pass" : "fail";
  out.mismatches = cr.mismatches;
  out.max_abs_err = cr.max_abs_err;
  if (!cr.ok()) {
    out.detail = fmt::format("first mismatch at C[{}][{}]: expected 0x{:x}, got 0x{:x}",
                             cr.first_index / m_spec.n, cr.first_index % m_spec.n,
                             cr.expected_bits, cr.got_bits);
  }
  return out;
}

std::string GemmWorkload::save_output(const std::string& path) {
  const size_t es = m_spec.out_f32 ? 4 : 2;
  const size_t bytes = m_spec.m * m_spec.n * es;
  NpyArray arr{m_spec.out_f32 ? "<f4" : "<f2", {m_spec.m, m_spec.n}, {}};
  const uint8_t* p = m_chip.gm().data(m_c, bytes);
  if (p == nullptr) return "--output needs a functional run (not --timing-only)";
  arr.data.assign(p, p + bytes);
  return write_npy(path, arr);
}

}  // namespace npu::tb
