// `--workload matmul_bias_relu --shape M=..,N=..,K=..`: Y = relu(A x B + bias), FP16 in and out,
// the fused cube + vector kernel of a split core (the AIC computes A x B into a GM workspace W,
// the AIVs add the bias row and apply ReLU). Kernel ABI: A, B, BIAS, W, Y (ptr), M, N, K (u32);
// W holds ceil(M/128) x ceil(N/128) tiles of 128 x 128 FP16. Checked bit for bit: the GEMM
// golden (FP32 accumulation, one rounding to FP16) followed by the eltwise goldens for add and
// relu (FP32 compute, one rounding), which is what fix.f16 -> vadd.f16 -> vrelu.f16 must give.
#include <fmt/format.h>

#include <cstring>

#include "npuemu/cli.h"
#include "npuemu/vector_workload.h"
#include "util/golden.h"
#include "util/inputs.h"
#include "util/vector_golden.h"

namespace npu::tb {

namespace {

constexpr uint64_t kTile = 128;  // the kernel's output tile, rows and columns

class MatmulBiasReluWorkload : public VectorWorkload {
 public:
  MatmulBiasReluWorkload(const VectorSpec& spec, model::Chip& chip, bool timing_only)
      : m_chip(chip) {
    for (const auto& [key, value] : split_shape(spec.shape)) {
      const uint64_t v = shape_uint(key, value, 1, uint64_t{1} << 20);
      if (key == "M")
        m_m = v;
      else if (key == "N")
        m_n = v;
      else if (key == "K")
        m_k = v;
      else
        throw UserError(
            fmt::format("--shape: unknown key '{}' for matmul_bias_relu (M, N, K)", key));
    }
    if (m_m == 0 || m_n == 0 || m_k == 0) {
      throw UserError("--shape: matmul_bias_relu needs M, N and K (e.g. M=1024,N=1024,K=1024)");
    }
    if (chip.config().core.organisation != config::CoreOrganisation::kSplit) {
      throw UserError(
          "--workload matmul_bias_relu runs on a split core (AIC + AIVs), e.g. "
          "configs/ascend910b2.yaml");
    }
    const uint64_t tiles = ceil_div(m_m, kTile) * ceil_div(m_n, kTile);
    model::GlobalMemory& gm = chip.gm();
    m_a = gm.allocate("A", m_m * m_k * 2);
    m_b = gm.allocate("B", m_k * m_n * 2);
    m_bias = gm.allocate("BIAS", m_n * 2);
    m_w = gm.allocate("W", tiles * kTile * kTile * 2);
    m_y = gm.allocate("Y", m_m * m_n * 2);
    if (!timing_only) {
      const auto mix = spec.edges ? EdgeMix::kEdges : EdgeMix::kNone;
      m_host_a = random_f16(m_m * m_k, spec.seed, mix);
      m_host_b = random_f16(m_k * m_n, spec.seed + 1, mix);
      m_host_bias = random_f16(m_n, spec.seed + 2, mix);
      std::memcpy(gm.data(m_a, m_m * m_k * 2), m_host_a.data(), m_m * m_k * 2);
      std::memcpy(gm.data(m_b, m_k * m_n * 2), m_host_b.data(), m_k * m_n * 2);
      std::memcpy(gm.data(m_bias, m_n * 2), m_host_bias.data(), m_n * 2);
    }
    bind_all(chip,
             {{"A", m_a},
              {"B", m_b},
              {"BIAS", m_bias},
              {"W", m_w},
              {"Y", m_y},
              {"M", m_m},
              {"N", m_n},
              {"K", m_k}},
             "matmul_bias_relu");
  }

  CheckOutcome check() override {
    const std::vector<uint16_t> c =
        gemm_golden_f16(m_host_a.data(), m_host_b.data(), GemmShape{m_m, m_n, m_k, false, false});
    std::vector<uint16_t> want(m_m * m_n);
    for (uint64_t i = 0; i < m_m; ++i) {
      const std::vector<uint16_t> sum =
          eltwise_golden_f16(EltwiseOp::kAdd, &c[i * m_n], m_host_bias.data(), m_n);
      const std::vector<uint16_t> y =
          eltwise_golden_f16(EltwiseOp::kRelu, sum.data(), sum.data(), m_n);
      std::memcpy(&want[i * m_n], y.data(), m_n * 2);
    }
    const auto* got = reinterpret_cast<const uint16_t*>(m_chip.gm().data(m_y, m_m * m_n * 2));
    const CompareResult cr = compare_f16(want.data(), got, m_m * m_n);
    CheckOutcome out;
    out.status = cr.ok() ? "pass" : "fail";
    out.mismatches = cr.mismatches;
    out.max_abs_err = cr.max_abs_err;
    if (!cr.ok()) {
      out.detail =
          fmt::format("first mismatch at Y[{}][{}]: expected 0x{:x}, got 0x{:x}",
                      cr.first_index / m_n, cr.first_index % m_n, cr.expected_bits, cr.got_bits);
    }
    return out;
  }

  std::string save_output(const std::string& path) override {
    return save_f16(m_chip, m_y, {m_m, m_n}, path);
  }
  std::string output_name() const override { return "Y"; }
  double ops() const override { return 2.0 * m_m * m_n * m_k + 2.0 * m_m * m_n; }
  uint64_t gm_bytes() const override { return (m_m * m_k + m_k * m_n + m_n + m_m * m_n) * 2; }
  std::vector<std::pair<std::string, std::string>> shape() const override {
    return {{"M", std::to_string(m_m)}, {"N", std::to_string(m_n)}, {"K", std::to_string(m_k)}};
  }

 private:
  static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

  model::Chip& m_chip;
  uint64_t m_m = 0, m_n = 0, m_k = 0;
  uint64_t m_a = 0, m_b = 0, m_bias = 0, m_w = 0, m_y = 0;
  std::vector<uint16_t> m_host_a, m_host_b, m_host_bias;
};

}  // namespace

std::unique_ptr<VectorWorkload> make_matmul_bias_relu(const VectorSpec& spec, model::Chip& chip,
                                                      bool timing_only) {
  return std::make_unique<MatmulBiasReluWorkload>(spec, chip, timing_only);
}

}  // namespace npu::tb
