// GEMM workload set-up and golden check (see gemm_workload.h).
#include "npuemu/gemm_workload.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <mutex>
#include <sstream>
#include <tuple>

#include "func/fp16.h"
#include "npuemu/cli.h"
#include "util/golden.h"
#include "util/golden_int8.h"
#include "util/golden_scale.h"
#include "util/inputs.h"
#include "util/npy.h"

namespace npu::tb {
namespace {

// Reads a .npy input straight into its GM allocation (dst, rows x cols elements of dtype).
// dtype: the workload's name of the tensor's dtype (fp16, fp32, int8).
void load_matrix_into(uint8_t* dst, const std::string& path, uint64_t rows, uint64_t cols,
                      const char* name, const std::string& dtype) {
  NpyReadResult r = read_npy_into(path, [&](const NpyArray& a, std::string& why) -> uint8_t* {
    const char* want = dtype == "int8" ? "|i1" : dtype == "fp32" ? "<f4" : "<f2";
    if (a.dtype != want) {
      why = fmt::format("dtype '{}' but this workload takes {} ('{}')", a.dtype,
                        dtype == "int8"   ? "int8"
                        : dtype == "fp32" ? "float32"
                                          : "float16",
                        want);
      return nullptr;
    }
    if (a.shape.size() != 2 || a.shape[0] != rows || a.shape[1] != cols) {
      why =
          fmt::format("shape ({}) but the GEMM needs ({},{})", fmt::join(a.shape, ","), rows, cols);
      return nullptr;
    }
    return dst;
  });
  if (!r.array) {
    // read_npy_into's errors start with the path; say which input it was.
    throw UserError(fmt::format(
        "--input {}={}: {}", name, path,
        r.error.rfind(path + ": ", 0) == 0 ? r.error.substr(path.size() + 2) : r.error));
  }
}

// A fingerprint of an input's bytes: the check computes the golden from GM, so it first makes
// sure that the kernel left the inputs as they were loaded.
uint64_t content_hash(const uint8_t* p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  for (; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

// A --shape value that must be a finite FP32 number (SCALE, ALPHA, BETA).
float parse_shape_f32(const std::string& key, const std::string& val) {
  double d = 0;
  try {
    size_t used = 0;
    d = std::stod(val, &used);
    if (used != val.size()) throw std::invalid_argument(val);
  } catch (const std::exception&) {
    throw UserError(fmt::format("--shape: {}='{}' is not a number", key, val));
  }
  if (!std::isfinite(d) || std::fabs(d) > 3.4e38) {
    throw UserError(fmt::format("--shape: {}='{}' is not a finite FP32 value", key, val));
  }
  return static_cast<float>(d);
}

}  // namespace

uint64_t parse_shape_uint(const std::string& key, const std::string& val) {
  try {
    size_t used = 0;
    const uint64_t v = std::stoull(val, &used);
    if (used != val.size() || val.front() == '-') throw std::invalid_argument(val);
    return v;
  } catch (const std::exception&) {
    throw UserError(fmt::format("--shape: {}='{}' is not a non-negative integer", key, val));
  }
}

void parse_gemm_shape(const std::string& text, GemmSpec& spec) {
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      throw UserError(
          fmt::format("--shape: '{}' is not KEY=VALUE (e.g. M=4096,N=4096,K=4096)", item));
    }
    std::string key = item.substr(0, eq), val = item.substr(eq + 1);
    if (key == "SCALE" || key == "ALPHA" || key == "BETA") {
      const float f = parse_shape_f32(key, val);
      if (key == "SCALE") {
        spec.scale = f;
        spec.has_scale = true;
      } else if (key == "ALPHA") {
        spec.alpha = f;
        spec.has_alpha = true;
      } else {
        spec.beta = f;
        spec.has_beta = true;
      }
      continue;
    }
    const uint64_t v = parse_shape_uint(key, val);
    if (key == "M")
      spec.m = v;
    else if (key == "N")
      spec.n = v;
    else if (key == "K")
      spec.k = v;
    else if (key == "TA" || key == "TB") {
      if (v > 1) throw UserError(fmt::format("--shape: {} must be 0 or 1", key));
      (key == "TA" ? spec.ta : spec.tb) = v == 1;
    } else {
      throw UserError(fmt::format(
          "--shape: unknown key '{}' for gemm (M, N, K, TA, TB, SCALE, ALPHA, BETA)", key));
    }
  }
  if (spec.m == 0 || spec.n == 0 || spec.k == 0) {
    throw UserError("--shape: gemm needs M, N and K, each at least 1 (e.g. M=4096,N=4096,K=4096)");
  }
  if (spec.m > (1u << 20) || spec.n > (1u << 20) || spec.k > (1u << 20)) {
    throw UserError("--shape: dimensions above 1048576 are not supported");
  }
}

void validate_gemm_dtypes(const GemmSpec& spec) {
  if (spec.dtype == "fp16") {
    if (spec.out_dtype != "fp16" && spec.out_dtype != "fp32") {
      throw UserError(
          fmt::format("--out-dtype '{}': fp16 inputs give fp16 or fp32", spec.out_dtype));
    }
  } else if (spec.dtype == "int8") {
    if (spec.out_dtype != "int32" && spec.out_dtype != "int8") {
      throw UserError(
          fmt::format("--out-dtype '{}': int8 inputs give int32 or int8", spec.out_dtype));
    }
    if (spec.out_dtype == "int8" && !spec.has_scale) {
      throw UserError("--out-dtype int8 requantises: give the scale as SCALE=<float> in --shape");
    }
  } else {
    throw UserError(fmt::format("--dtype '{}' is not supported (fp16, int8)", spec.dtype));
  }
  if (spec.has_scale && spec.out_dtype != "int8") {
    throw UserError("--shape: SCALE applies only to --dtype int8 --out-dtype int8");
  }
  if (spec.dtype == "int8" && spec.has_alpha) {
    throw UserError(
        "--shape: ALPHA applies to fp16 inputs; int8 inputs scale with SCALE "
        "(--out-dtype int8)");
  }
  if (spec.has_beta && spec.out_dtype == "int32") {
    throw UserError(
        "--shape: BETA needs a scaled output (fp16 inputs, or --out-dtype int8); "
        "int32 output is not scaled");
  }
  if (!spec.input_c.empty() && spec.beta == 0.0f) {
    throw UserError("--input C: C_in is read only with BETA != 0 (as cuBLAS: beta = 0 ignores C)");
  }
}

void bind_optional(model::Chip& chip, std::initializer_list<OptionalParam> params) {
  for (const OptionalParam& p : params) {
    std::string err = chip.bind(p.name, p.value);
    if (!err.empty() && p.value != 0) {
      throw UserError(fmt::format("{}: the kernel has no {} parameter", p.why, p.name));
    }
  }
}

size_t GemmWorkload::out_bytes() const {
  const std::string& o = m_spec.out_dtype;
  return o == "int8" ? 1 : (o == "fp32" || o == "int32") ? 4 : 2;
}

double GemmWorkload::min_bytes() const {
  const double m = m_spec.m, n = m_spec.n, k = m_spec.k;
  return (m * k + k * n) * in_bytes() + m * n * out_bytes();
}

GemmWorkload::GemmWorkload(GemmSpec spec, model::Chip& chip, bool timing_only)
    : m_spec(std::move(spec)), m_chip(chip) {
  validate_gemm_dtypes(m_spec);
  const uint64_t m = m_spec.m, n = m_spec.n, k = m_spec.k, es = in_bytes();
  model::GlobalMemory& gm = chip.gm();
  m_a = gm.allocate("A", m * k * es);
  m_b = gm.allocate("B", k * n * es);
  m_c = gm.allocate("C", m * n * out_bytes());
  if (!timing_only) {
    // Each input is generated or read straight into GM: the GM image is its only copy.
    const bool s8 = m_spec.dtype == "int8";
    auto mix = m_spec.edges ? EdgeMix::kEdges : EdgeMix::kNone;
    auto fill = [&](uint64_t addr, const std::string& path, uint64_t rows, uint64_t cols,
                    const char* name, uint64_t seed) {
      const size_t count = rows * cols;
      uint8_t* dst = gm.data(addr, count * es);
      if (!path.empty()) {
        load_matrix_into(dst, path, rows, cols, name, m_spec.dtype);
      } else if (s8) {
        fill_random_s8({reinterpret_cast<int8_t*>(dst), count}, seed, mix);
      } else {
        fill_random_f16({reinterpret_cast<uint16_t*>(dst), count}, seed, mix);
      }
      return content_hash(dst, count * es);
    };
    // Stored shapes: A [M,K] or [K,M] (TA), B [K,N] or [N,K] (TB).
    m_hash_a = fill(m_a, m_spec.input_a, m_spec.ta ? k : m, m_spec.ta ? m : k, "A", m_spec.seed);
    m_hash_b =
        fill(m_b, m_spec.input_b, m_spec.tb ? n : k, m_spec.tb ? k : n, "B", m_spec.seed + 1);
    if (m_spec.beta != 0.0f) {  // C_in: random (in the output dtype) or the given .npy
      const size_t count = m * n, ob = out_bytes();
      uint8_t* c = gm.data(m_c, count * ob);
      if (!m_spec.input_c.empty()) {
        load_matrix_into(c, m_spec.input_c, m, n, "C", m_spec.out_dtype);
      } else if (ob == 1) {
        fill_random_s8({reinterpret_cast<int8_t*>(c), count}, m_spec.seed + 2, mix);
      } else {
        std::vector<uint16_t> h = random_f16(count, m_spec.seed + 2, mix);
        if (ob == 2) {
          std::memcpy(c, h.data(), count * 2);
        } else {  // FP32 C_in: FP16 values widened, edge values included
          for (size_t i = 0; i < count; ++i) {
            const float f = func::f16_to_f32(h[i]);
            std::memcpy(c + i * 4, &f, 4);
          }
        }
      }
      m_c_in.assign(c, c + count * ob);
    }
  }
  const std::pair<const char*, uint64_t> binds[] = {{"A", m_a}, {"B", m_b}, {"C", m_c},
                                                    {"M", m},   {"N", n},   {"K", k}};
  for (auto [name, value] : binds) {
    if (std::string err = chip.bind(name, value); !err.empty()) throw UserError(err);
  }
  const std::string out_opt = "--out-dtype " + m_spec.out_dtype;
  bind_optional(chip, {{"OUT_F32", m_spec.out_dtype == "fp32", out_opt.c_str()},
                       {"OUT_S8", m_spec.out_dtype == "int8", out_opt.c_str()},
                       {"SCALE", std::bit_cast<uint32_t>(m_spec.scale), "--shape SCALE"},
                       {"TA", m_spec.ta, "--shape TA=1"},
                       {"TB", m_spec.tb, "--shape TB=1"}});
  bind_scaling();
  if (auto unbound = chip.unbound_params(); !unbound.empty()) {
    throw UserError(fmt::format("the gemm workload does not know how to bind kernel parameter '{}'",
                                unbound.front()));
  }
}

// ALPHA / BETA (FP32 bits, 1.0 and 0.0 by default) and ALPHA_BETA (both in one u64: alpha in
// bits 31:0, beta in 63:32, as epi.scale takes them) go to every kernel that declares them; giving
// a factor to a kernel that takes it in neither form is an error.
void GemmWorkload::bind_scaling() {
  const uint32_t a = std::bit_cast<uint32_t>(m_spec.alpha),
                 b = std::bit_cast<uint32_t>(m_spec.beta);
  const bool packed = m_chip.bind("ALPHA_BETA", a | (uint64_t{b} << 32)).empty();
  for (auto [name, value, given] :
       {std::tuple{"ALPHA", a, m_spec.has_alpha}, std::tuple{"BETA", b, m_spec.has_beta}}) {
    if (!m_chip.bind(name, value).empty() && !packed && given) {
      throw UserError(fmt::format("--shape {}: the kernel has no {} parameter (no scaled epilogue)",
                                  name, name));
    }
  }
}

CheckOutcome GemmWorkload::check() {
  CheckOutcome out;
  GemmShape s{m_spec.m, m_spec.n, m_spec.k, m_spec.ta, m_spec.tb};
  const size_t count = m_spec.m * m_spec.n;
  model::GlobalMemory& gm = m_chip.gm();
  const size_t a_bytes = m_spec.m * m_spec.k * in_bytes(),
               b_bytes = m_spec.k * m_spec.n * in_bytes();
  const uint8_t* a_gm = gm.data(m_a, a_bytes);
  const uint8_t* b_gm = gm.data(m_b, b_bytes);
  const uint8_t* got = gm.data(m_c, count * out_bytes());
  for (auto [name, p, bytes, hash] :
       {std::tuple{"A", a_gm, a_bytes, m_hash_a}, std::tuple{"B", b_gm, b_bytes, m_hash_b}}) {
    if (content_hash(p, bytes) != hash) {
      out.status = "fail";
      out.detail = fmt::format("the kernel overwrote input {} in GM", name);
      return out;
    }
  }
  // Block by block of rows against GM, so that no M x N expected matrix is held; blocks come
  // from the worker pool's threads and merge under a lock (the first mismatch stays the lowest).
  CompareResult cr;
  std::mutex merge;
  const size_t n = m_spec.n;
  auto add = [&](const CompareResult& part, size_t i0) {
    std::lock_guard lock(merge);
    merge_compare(cr, part, i0 * n);
  };
  if (m_spec.dtype == "int8") {
    const bool s32 = m_spec.out_dtype == "int32";
    gemm_golden_s8_rows(
        reinterpret_cast<const int8_t*>(a_gm), reinterpret_cast<const int8_t*>(b_gm), s,
        [&](size_t i0, size_t rows, const uint32_t* acc) {
          const size_t len = rows * n;
          if (s32) {
            std::vector<int32_t> expected(acc, acc + len);
            add(compare_s32(expected.data(), reinterpret_cast<const int32_t*>(got) + i0 * n, len),
                i0);
          } else {
            std::vector<int8_t> expected(len);
            const auto* c_in = reinterpret_cast<const int8_t*>(m_c_in.data()) + i0 * n;
            for (size_t x = 0; x < len; ++x) {
              const auto a = static_cast<int32_t>(acc[x]);
              expected[x] = m_spec.beta == 0.0f
                                ? requant_golden(a, m_spec.scale)
                                : s8_golden(scaled_golden(static_cast<float>(a), c_in[x],
                                                          m_spec.scale, m_spec.beta));
            }
            add(compare_s8(expected.data(), reinterpret_cast<const int8_t*>(got) + i0 * n, len),
                i0);
          }
        });
  } else {
    const bool f32 = m_spec.out_dtype == "fp32";
    gemm_golden_f16_rows(
        reinterpret_cast<const uint16_t*>(a_gm), reinterpret_cast<const uint16_t*>(b_gm), s,
        [&](size_t i0, size_t rows, const float* acc) {
          const size_t len = rows * n;
          std::vector<float> v;  // the scaled values, when ALPHA / BETA were given
          if (scaled()) {
            v.resize(len);
            for (size_t x = 0; x < len; ++x) {
              float c = 0;
              if (m_spec.beta != 0.0f) {
                const size_t at = i0 * n + x;
                if (f32) {
                  std::memcpy(&c, &m_c_in[at * 4], 4);
                } else {
                  uint16_t h;
                  std::memcpy(&h, &m_c_in[at * 2], 2);
                  c = func::f16_to_f32(h);
                }
              }
              v[x] = scaled_golden(acc[x], c, m_spec.alpha, m_spec.beta);
            }
            acc = v.data();
          }
          if (f32) {
            add(compare_f32(acc, reinterpret_cast<const float*>(got) + i0 * n, len), i0);
          } else {
            std::vector<uint16_t> expected(len);
            func::f32_to_f16_n(acc, expected.data(), len);
            add(compare_f16(expected.data(), reinterpret_cast<const uint16_t*>(got) + i0 * n, len),
                i0);
          }
        });
  }
  out.status = cr.ok() ? "pass" : "fail";
  out.mismatches = cr.mismatches;
  out.max_abs_err = cr.max_abs_err;
  if (!cr.ok()) {
    out.detail = fmt::format("first mismatch at C[{}][{}]: expected 0x{:x}, got 0x{:x}",
                             cr.first_index / m_spec.n, cr.first_index % m_spec.n, cr.expected_bits,
                             cr.got_bits);
  }
  return out;
}

std::string GemmWorkload::save_output(const std::string& path) {
  const size_t bytes = m_spec.m * m_spec.n * out_bytes();
  const std::string& o = m_spec.out_dtype;
  const char* descr = o == "fp32" ? "<f4" : o == "int32" ? "<i4" : o == "int8" ? "|i1" : "<f2";
  const uint8_t* p = m_chip.gm().data(m_c, bytes);
  if (p == nullptr) return "--output needs a functional run (not --timing-only)";
  return write_npy(path, descr, {m_spec.m, m_spec.n}, {p, bytes});  // straight from GM
}

}  // namespace npu::tb
