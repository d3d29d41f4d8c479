// conv2d workload set-up, host tiling and golden check (see conv2d_workload.h).
#include "npuemu/conv2d_workload.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "npuemu/cli.h"
#include "util/inputs.h"
#include "util/npy.h"

namespace npu::tb {
namespace {

constexpr uint64_t kFmapBytes = 256 * 1024;  // conv2d_fp16.s: L1 [0, 256 KiB) holds the image

std::vector<uint16_t> load_tensor(const std::string& path, const std::vector<size_t>& shape,
                                  const char* name) {
  NpyReadResult r = read_npy(path);
  if (!r.array) throw UserError(fmt::format("--input {}={}: {}", name, path, r.error));
  if (r.array->dtype != "<f2") {
    throw UserError(fmt::format("--input {}={}: dtype '{}' but conv2d takes float16 ('<f2')", name,
                                path, r.array->dtype));
  }
  if (r.array->shape != shape) {
    throw UserError(fmt::format("--input {}={}: shape ({}) but the convolution needs ({})", name,
                                path, fmt::join(r.array->shape, ","), fmt::join(shape, ",")));
  }
  std::vector<uint16_t> out(r.array->element_count());
  std::memcpy(out.data(), r.array->data.data(), out.size() * 2);
  return out;
}

}  // namespace

void parse_conv_shape(const std::string& text, ConvSpec& spec) {
  ConvShape& s = spec.shape;
  bool have[7] = {};
  const char* required[] = {"N", "H", "W", "C", "K", "R", "S"};
  size_t* fields[] = {&s.n, &s.h, &s.w, &s.c, &s.k, &s.r, &s.s};
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      throw UserError(
          fmt::format("--shape: '{}' is not KEY=VALUE (e.g. N=1,H=8,W=8,C=16,K=32,"
                      "R=3,S=3,STRIDE=1,PAD=1)",
                      item));
    }
    const std::string key = item.substr(0, eq), val = item.substr(eq + 1);
    const uint64_t v = parse_shape_uint(key, val);
    if (key == "STRIDE") {
      s.stride = v;
      continue;
    }
    if (key == "PAD") {
      s.pad = v;
      continue;
    }
    auto it = std::find(std::begin(required), std::end(required), key);
    if (it == std::end(required)) {
      throw UserError(fmt::format(
          "--shape: unknown key '{}' for conv2d (N, H, W, C, K, R, S, STRIDE, PAD)", key));
    }
    const size_t i = static_cast<size_t>(it - std::begin(required));
    *fields[i] = v;
    have[i] = true;
  }
  for (size_t i = 0; i < 7; ++i) {
    if (!have[i] || *fields[i] == 0) {
      throw UserError(fmt::format("--shape: conv2d needs {} >= 1", required[i]));
    }
  }
  if (s.h > 4096 || s.w > 4096 || s.c > 65535 || s.k > 65535 || s.n > 65535) {
    throw UserError("--shape: conv2d dimensions out of range (H, W <= 4096; N, C, K <= 65535)");
  }
  if (s.r > 255 || s.s > 255 || s.stride == 0 || s.stride > 255 || s.pad > 255) {
    throw UserError("--shape: R, S, PAD must be <= 255 and STRIDE within 1..255");
  }
  if (s.h + 2 * s.pad < s.r || s.w + 2 * s.pad < s.s) {
    throw UserError("--shape: the R x S window is larger than the padded input");
  }
}

Conv2dWorkload::Conv2dWorkload(ConvSpec spec, model::Chip& chip, const config::ChipConfig& cfg,
                               bool timing_only)
    : m_spec(std::move(spec)), m_chip(chip) {
  const ConvShape& s = m_spec.shape;
  if (m_spec.out_dtype != "fp16" && m_spec.out_dtype != "fp32") {
    throw UserError(fmt::format("--out-dtype '{}': conv2d gives fp16 or fp32", m_spec.out_dtype));
  }
  // Host tiling for conv2d_fp16.s.
  const uint64_t cp = (s.c + 15) / 16 * 16, kred = s.r * s.s * cp;
  // Bands of output rows whose input rows ((TILE_OH - 1) * STRIDE + R of them at most, W pixels
  // each, NZ rows rounded up to 16) fit L1 [0, 256 KiB); the whole image when it fits.
  auto band_bytes = [&](uint64_t out_rows) {
    const uint64_t in_rows = std::min<uint64_t>(s.h, (out_rows - 1) * s.stride + s.r);
    return (in_rows * s.w + 15) / 16 * 16 * cp * 2;
  };
  if (band_bytes(1) > kFmapBytes) {
    throw UserError(
        fmt::format("conv2d: the input rows of one output row take {} KiB of L1 in "
                    "NZ; conv2d_fp16.s has 256 KiB for them (W x C too large)",
                    band_bytes(1) / 1024));
  }
  uint64_t toh = s.oh();
  while (band_bytes(toh) > kFmapBytes) --toh;
  const uint64_t wbudget = cfg.core.l1.bytes > kFmapBytes ? cfg.core.l1.bytes - kFmapBytes : 0;
  const uint64_t tn_max =
      std::min<uint64_t>({256, (s.k + 15) / 16 * 16, wbudget / (kred * 2) / 16 * 16});
  if (tn_max < 16) {
    throw UserError(
        fmt::format("conv2d: the weights of 16 output channels (R*S*C = {}) do not fit "
                    "the {} KiB of L1 left beside the feature map",
                    kred, wbudget / 1024));
  }
  // As many channel tiles as tn_max needs, made equal (K=128 with tn_max=112: 2 x 64, not
  // 112 + 16), so that the units on different cores take the same time.
  const uint64_t tiles = (s.k + tn_max - 1) / tn_max;
  const uint64_t tn = ((s.k + tiles - 1) / tiles + 15) / 16 * 16;
  // Enough bands for every core to get a unit when images x channel tiles are fewer than the
  // cores (batch-1 inference), as long as each band keeps at least one output row.
  const uint64_t units = s.n * tiles, cores = std::max<uint32_t>(1, chip.block_dim());
  if (units < cores) {
    const uint64_t bands = std::min<uint64_t>(s.oh(), (cores + units - 1) / units);
    toh = std::min<uint64_t>(toh, (s.oh() + bands - 1) / bands);
  }
  const uint64_t tm = std::clamp<uint64_t>(cfg.core.l0c.bytes / (tn * 4) / 16 * 16, 16, 256);

  const uint64_t oh = s.oh(), ow = s.ow();
  const uint64_t es = m_spec.out_dtype == "fp32" ? 4 : 2;
  model::GlobalMemory& gm = chip.gm();
  m_x = gm.allocate("X", s.n * s.h * s.w * s.c * 2);
  m_w = gm.allocate("WT", s.k * s.r * s.s * s.c * 2);
  m_y = gm.allocate("Y", s.n * oh * ow * s.k * es);
  if (!timing_only) {
    auto mix = m_spec.edges ? EdgeMix::kEdges : EdgeMix::kNone;
    m_host_x = m_spec.input_x.empty() ? random_f16(s.n * s.h * s.w * s.c, m_spec.seed, mix)
                                      : load_tensor(m_spec.input_x, {s.n, s.h, s.w, s.c}, "X");
    m_host_w = m_spec.input_w.empty() ? random_f16(s.k * s.r * s.s * s.c, m_spec.seed + 1, mix)
                                      : load_tensor(m_spec.input_w, {s.k, s.r, s.s, s.c}, "W");
    std::memcpy(gm.data(m_x, m_host_x.size() * 2), m_host_x.data(), m_host_x.size() * 2);
    std::memcpy(gm.data(m_w, m_host_w.size() * 2), m_host_w.data(), m_host_w.size() * 2);
  }
  const std::pair<const char*, uint64_t> binds[] = {
      {"X", m_x},           {"WT", m_w},    {"Y", m_y},     {"N", s.n},     {"H", s.h},
      {"W", s.w},           {"C", s.c},     {"K", s.k},     {"R", s.r},     {"S", s.s},
      {"STRIDE", s.stride}, {"PAD", s.pad}, {"TILE_M", tm}, {"TILE_N", tn}, {"TILE_OH", toh}};
  for (auto [name, value] : binds) {
    if (std::string err = chip.bind(name, value); !err.empty()) throw UserError(err);
  }
  bind_optional(chip, {{"OUT_F32", es == 4, "--out-dtype fp32"}});
  if (auto unbound = chip.unbound_params(); !unbound.empty()) {
    throw UserError(fmt::format(
        "the conv2d workload does not know how to bind kernel parameter '{}'", unbound.front()));
  }
}

size_t Conv2dWorkload::y_elems() const {
  const ConvShape& s = m_spec.shape;
  return s.n * s.oh() * s.ow() * s.k;
}

double Conv2dWorkload::ops() const {
  const ConvShape& s = m_spec.shape;
  return 2.0 * static_cast<double>(y_elems()) * s.r * s.s * s.c;
}

double Conv2dWorkload::min_bytes() const {
  const ConvShape& s = m_spec.shape;
  return 2.0 * (s.n * s.h * s.w * s.c + s.k * s.r * s.s * s.c) +
         static_cast<double>(y_elems()) * (m_spec.out_dtype == "fp32" ? 4 : 2);
}

uint64_t Conv2dWorkload::gemm_m() const {
  return m_spec.shape.n * m_spec.shape.oh() * m_spec.shape.ow();
}
uint64_t Conv2dWorkload::gemm_n() const { return m_spec.shape.k; }
uint64_t Conv2dWorkload::gemm_k() const { return m_spec.shape.r * m_spec.shape.s * m_spec.shape.c; }

CheckOutcome Conv2dWorkload::check() {
  CheckOutcome out;
  const size_t count = y_elems();
  CompareResult cr;
  if (m_spec.out_dtype == "fp32") {
    std::vector<float> expected =
        conv2d_golden_f16_acc(m_host_x.data(), m_host_w.data(), m_spec.shape);
    cr = compare_f32(expected.data(),
                     reinterpret_cast<const float*>(m_chip.gm().data(m_y, count * 4)), count);
  } else {
    std::vector<uint16_t> expected =
        conv2d_golden_f16(m_host_x.data(), m_host_w.data(), m_spec.shape);
    cr = compare_f16(expected.data(),
                     reinterpret_cast<const uint16_t*>(m_chip.gm().data(m_y, count * 2)), count);
  }
  out.status = cr.ok() ? "pass" : "fail";
  out.mismatches = cr.mismatches;
  out.max_abs_err = cr.max_abs_err;
  if (!cr.ok()) {
    const ConvShape& s = m_spec.shape;
    const size_t i = cr.first_index, k = i % s.k, pix = i / s.k;
    out.detail = fmt::format("first mismatch at Y[{}][{}][{}][{}]: expected 0x{:x}, got 0x{:x}",
                             pix / (s.oh() * s.ow()), pix / s.ow() % s.oh(), pix % s.ow(), k,
                             cr.expected_bits, cr.got_bits);
  }
  return out;
}

std::string Conv2dWorkload::save_output(const std::string& path) {
  const ConvShape& s = m_spec.shape;
  const bool f32 = m_spec.out_dtype == "fp32";
  const size_t bytes = y_elems() * (f32 ? 4 : 2);
  NpyArray arr{f32 ? "<f4" : "<f2", {s.n, s.oh(), s.ow(), s.k}, {}};
  const uint8_t* p = m_chip.gm().data(m_y, bytes);
  if (p == nullptr) return "--output needs a functional run (not --timing-only)";
  arr.data.assign(p, p + bytes);
  return write_npy(path, arr);
}

}  // namespace npu::tb
