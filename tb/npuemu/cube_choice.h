// npuemu run --cube func|rtl: which arithmetic the DaVinci CUBE pipe uses. "rtl" puts the
// Verilated RTL cube in the loop (one per core) when npuemu was built with Verilator.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "davinci/cube_backend.h"

namespace npu::cosim {
class CubeRtlBackend;
}

namespace npu::tb {

class CubeChoice {
 public:
  // Throws UserError for an unknown kind, rtl without Verilator, or rtl with --timing-only.
  // Construct before the chip is elaborated.
  CubeChoice(const std::string& kind, uint32_t cores, bool timing_only);
  ~CubeChoice();
  model::CubeBackend* backend() const;
  // After the run: one line on the co-simulation; false when RTL and model cycles disagreed.
  bool report(std::ostream& os) const;

 private:
  std::unique_ptr<cosim::CubeRtlBackend> m_rtl;
};

}  // namespace npu::tb
