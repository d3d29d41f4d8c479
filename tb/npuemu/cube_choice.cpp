// npuemu run --cube func|rtl (see cube_choice.h).
#include "npuemu/cube_choice.h"

#include <fmt/format.h>

#include "npuemu/cli.h"
#ifdef NPU_HAVE_RTL_CUBE
#include "cosim/cube_rtl_backend.h"
#else
namespace npu::cosim {
class CubeRtlBackend {};  // never constructed without Verilator; complete for unique_ptr
}  // namespace npu::cosim
#endif

namespace npu::tb {

CubeChoice::CubeChoice(const std::string& kind, uint32_t cores, bool timing_only) {
  if (kind == "func") return;
  if (kind != "rtl") throw UserError(fmt::format("--cube '{}' must be func or rtl", kind));
  if (timing_only) throw UserError("--cube rtl needs data: drop --timing-only");
#ifdef NPU_HAVE_RTL_CUBE
  m_rtl = std::make_unique<cosim::CubeRtlBackend>(static_cast<int>(cores));
#else
  (void)cores;
  throw UserError(
      "--cube rtl: this npuemu was built without Verilator (scripts/setup installs it)");
#endif
}

CubeChoice::~CubeChoice() = default;

model::CubeBackend* CubeChoice::backend() const {
#ifdef NPU_HAVE_RTL_CUBE
  return m_rtl.get();
#else
  return nullptr;
#endif
}

bool CubeChoice::report(std::ostream& os) const {
#ifdef NPU_HAVE_RTL_CUBE
  if (!m_rtl) return true;
  os << fmt::format(
      "cube rtl: {} MMADs, {} cube cycles, {} cycle disagreements with the model{}\n",
      m_rtl->mmads(), m_rtl->cycles(), m_rtl->cycle_mismatches(),
      m_rtl->first_mismatch().empty() ? "" : " (first: " + m_rtl->first_mismatch() + ")");
  return m_rtl->cycle_mismatches() == 0;
#else
  (void)os;
  return true;
#endif
}

}  // namespace npu::tb
