// `--workload eltwise --shape L=N,OP=add|mul|relu`: Z = X op Y over L FP16 elements (Y unused by
// relu, still bound). Kernel ABI: X, Y, Z (ptr), L (u32), OP (u32: 0 add, 1 mul, 2 relu).
// Checked bit for bit against eltwise_golden_f16.
#include <fmt/format.h>

#include <cstring>

#include "npuemu/cli.h"
#include "npuemu/vector_workload.h"
#include "util/inputs.h"
#include "util/vector_golden.h"

namespace npu::tb {

namespace {

class EltwiseWorkload : public VectorWorkload {
 public:
  EltwiseWorkload(const VectorSpec& spec, model::Chip& chip, bool timing_only) : m_chip(chip) {
    bool have_l = false;
    for (const auto& [key, value] : split_shape(spec.shape)) {
      if (key == "L") {
        m_l = shape_uint(key, value, 1, uint64_t{1} << 31);
        have_l = true;
      } else if (key == "OP") {
        if (value == "add")
          m_op = EltwiseOp::kAdd;
        else if (value == "mul")
          m_op = EltwiseOp::kMul;
        else if (value == "relu")
          m_op = EltwiseOp::kRelu;
        else
          throw UserError(fmt::format("--shape: OP='{}' must be add, mul or relu", value));
        m_op_name = value;
      } else {
        throw UserError(fmt::format("--shape: unknown key '{}' for eltwise (L, OP)", key));
      }
    }
    if (!have_l) throw UserError("--shape: eltwise needs L (e.g. L=1048576,OP=add)");
    model::GlobalMemory& gm = chip.gm();
    m_x = gm.allocate("X", m_l * 2);
    m_y = gm.allocate("Y", m_l * 2);
    m_z = gm.allocate("Z", m_l * 2);
    if (!timing_only) {
      const auto mix = spec.edges ? EdgeMix::kEdges : EdgeMix::kNone;
      m_host_x = random_f16(m_l, spec.seed, mix);
      m_host_y = random_f16(m_l, spec.seed + 1, mix);
      std::memcpy(gm.data(m_x, m_l * 2), m_host_x.data(), m_l * 2);
      std::memcpy(gm.data(m_y, m_l * 2), m_host_y.data(), m_l * 2);
    }
    bind_all(chip,
             {{"X", m_x}, {"Y", m_y}, {"Z", m_z}, {"L", m_l}, {"OP", static_cast<uint64_t>(m_op)}},
             "eltwise");
  }

  CheckOutcome check() override {
    const std::vector<uint16_t> want =
        eltwise_golden_f16(m_op, m_host_x.data(), m_host_y.data(), m_l);
    const auto* got = reinterpret_cast<const uint16_t*>(m_chip.gm().data(m_z, m_l * 2));
    const CompareResult cr = compare_f16(want.data(), got, m_l);
    CheckOutcome out;
    out.status = cr.ok() ? "pass" : "fail";
    out.mismatches = cr.mismatches;
    out.max_abs_err = cr.max_abs_err;
    if (!cr.ok()) {
      out.detail = fmt::format("first mismatch at Z[{}]: expected 0x{:x}, got 0x{:x}",
                               cr.first_index, cr.expected_bits, cr.got_bits);
    }
    return out;
  }

  std::string save_output(const std::string& path) override {
    return save_f16(m_chip, m_z, {m_l}, path);
  }
  std::string output_name() const override { return "Z"; }
  double ops() const override { return static_cast<double>(m_l); }
  uint64_t gm_bytes() const override { return m_l * 2 * (m_op == EltwiseOp::kRelu ? 2 : 3); }
  std::vector<std::pair<std::string, std::string>> shape() const override {
    return {{"L", std::to_string(m_l)}, {"OP", m_op_name}};
  }

 private:
  model::Chip& m_chip;
  uint64_t m_l = 0;
  EltwiseOp m_op = EltwiseOp::kAdd;
  std::string m_op_name = "add";
  uint64_t m_x = 0, m_y = 0, m_z = 0;
  std::vector<uint16_t> m_host_x, m_host_y;
};

}  // namespace

std::unique_ptr<VectorWorkload> make_eltwise(const VectorSpec& spec, model::Chip& chip,
                                             bool timing_only) {
  return std::make_unique<EltwiseWorkload>(spec, chip, timing_only);
}

}  // namespace npu::tb
