// `--workload softmax --shape R=rows,L=cols`: row softmax of an FP16 [R, L] matrix X into Y
// (FP16), FP32 inside the kernel. Kernel ABI: X, Y (ptr), R, L (u32). Checked against the exact
// softmax (softmax_golden): every output within 1 FP16 ulp (ISA.md, "Vector unit" numerics).
#include <fmt/format.h>

#include <cstring>

#include "func/fp16.h"
#include "npuemu/cli.h"
#include "npuemu/vector_workload.h"
#include "util/inputs.h"
#include "util/vector_golden.h"

namespace npu::tb {

namespace {

// softmax_fp16.s keeps one FP32 row (L x 4 bytes) plus FP16 ping/pong rows in UB.
constexpr uint64_t kMaxCols = 8192;

// Rows cycle through four kinds so that edge values do not turn every row into NaN (one NaN or
// +inf makes its whole row NaN): r % 4 == 0 uniform [-2, 2); 1 the same x 8 (exp underflows to
// FP16 subnormals and zero); 2 the same x 64 (wide spread); 3 (with edges) the edge mix: -0,
// subnormals, +-inf, NaN, |x| > 256.
std::vector<uint16_t> softmax_inputs(uint64_t rows, uint64_t cols, uint64_t seed, bool edges) {
  std::vector<uint16_t> x = random_f16(rows * cols, seed, EdgeMix::kNone);
  const std::vector<uint16_t> e =
      edges ? random_f16(rows * cols, seed + 1, EdgeMix::kEdges) : std::vector<uint16_t>{};
  for (uint64_t r = 0; r < rows; ++r) {
    for (uint64_t c = r * cols; c < (r + 1) * cols; ++c) {
      switch (r % 4) {
        case 1:
          x[c] = func::f32_to_f16(func::f16_to_f32(x[c]) * 8.0f);
          break;  // exact
        case 2:
          x[c] = func::f32_to_f16(func::f16_to_f32(x[c]) * 64.0f);
          break;  // exact
        case 3:
          if (edges) x[c] = e[c];
          break;
        default:
          break;
      }
    }
  }
  return x;
}

class SoftmaxWorkload : public VectorWorkload {
 public:
  SoftmaxWorkload(const VectorSpec& spec, model::Chip& chip, bool timing_only) : m_chip(chip) {
    for (const auto& [key, value] : split_shape(spec.shape)) {
      if (key == "R")
        m_rows = shape_uint(key, value, 1, uint64_t{1} << 24);
      else if (key == "L")
        m_cols = shape_uint(key, value, 1, kMaxCols);
      else
        throw UserError(fmt::format("--shape: unknown key '{}' for softmax (R, L)", key));
    }
    if (m_rows == 0 || m_cols == 0) {
      throw UserError("--shape: softmax needs R and L (e.g. R=1024,L=1024; L <= 8192)");
    }
    const uint64_t bytes = m_rows * m_cols * 2;
    model::GlobalMemory& gm = chip.gm();
    m_x = gm.allocate("X", bytes);
    m_y = gm.allocate("Y", bytes);
    if (!timing_only) {
      m_host_x = softmax_inputs(m_rows, m_cols, spec.seed, spec.edges);
      std::memcpy(gm.data(m_x, bytes), m_host_x.data(), bytes);
    }
    bind_all(chip, {{"X", m_x}, {"Y", m_y}, {"R", m_rows}, {"L", m_cols}}, "softmax");
  }

  CheckOutcome check() override {
    const size_t n = m_rows * m_cols;
    const std::vector<double> want = softmax_golden(m_host_x.data(), m_rows, m_cols);
    const auto* got = reinterpret_cast<const uint16_t*>(m_chip.gm().data(m_y, n * 2));
    const CompareResult cr = compare_f16_ulp(want.data(), got, n, 1.0);
    CheckOutcome out;
    out.status = cr.ok() ? "pass" : "fail";
    out.mismatches = cr.mismatches;
    out.max_abs_err = cr.max_abs_err;
    if (!cr.ok()) {
      out.detail = fmt::format(
          "first value off by more than 1 ulp at Y[{}][{}]: exact {:.8g} (FP16 0x{:x}), got 0x{:x}",
          cr.first_index / m_cols, cr.first_index % m_cols, want[cr.first_index], cr.expected_bits,
          cr.got_bits);
    }
    return out;
  }

  std::string save_output(const std::string& path) override {
    return save_f16(m_chip, m_y, {m_rows, m_cols}, path);
  }
  std::string output_name() const override { return "Y"; }
  // max, sub, exp, sum, divide: 5 operations per element.
  double ops() const override { return 5.0 * m_rows * m_cols; }
  uint64_t gm_bytes() const override { return m_rows * m_cols * 4; }
  std::vector<std::pair<std::string, std::string>> shape() const override {
    return {{"R", std::to_string(m_rows)}, {"L", std::to_string(m_cols)}};
  }

 private:
  model::Chip& m_chip;
  uint64_t m_rows = 0, m_cols = 0;
  uint64_t m_x = 0, m_y = 0;
  std::vector<uint16_t> m_host_x;
};

}  // namespace

std::unique_ptr<VectorWorkload> make_softmax(const VectorSpec& spec, model::Chip& chip,
                                             bool timing_only) {
  return std::make_unique<SoftmaxWorkload>(spec, chip, timing_only);
}

}  // namespace npu::tb
