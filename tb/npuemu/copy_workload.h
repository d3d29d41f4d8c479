// The copy workload (`--workload copy --shape BYTES=n`, the HBM bandwidth kernel): SRC -> DST of
// BYTES random bytes, checked byte for byte; kernels take SRC, DST (ptr) and BYTES (u64). It is
// judged by its bytes (read + written) per second, so it shares the vector workloads' interface.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "npuemu/vector_workload.h"

namespace npu::tb {

class CopyWorkload : public VectorWorkload {
 public:
  CopyWorkload(const VectorSpec& spec, model::Chip& chip, bool timing_only);
  CheckOutcome check() override;
  std::string save_output(const std::string& path) override;
  std::string output_name() const override { return "DST"; }
  double ops() const override { return 0; }
  uint64_t gm_bytes() const override { return 2 * m_bytes; }
  std::vector<std::pair<std::string, std::string>> shape() const override {
    return {{"BYTES", std::to_string(m_bytes)}};
  }

 private:
  uint64_t m_bytes = 0;
  model::Chip& m_chip;
  uint64_t m_src = 0, m_dst = 0;
  std::vector<uint8_t> m_host;
};

}  // namespace npu::tb
