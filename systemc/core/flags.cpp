// Flag table helpers (see flags.h).
#include "core/flags.h"

#include <fmt/format.h>

namespace npu::model {

std::string FlagTable::nonzero() const {
  std::string out;
  for (int s = 0; s < kPipes; ++s) {
    for (int d = 0; d < kPipes; ++d) {
      for (int id = 0; id < isa::kNumFlagIds; ++id) {
        if (int c = m_count[s][d][id]; c != 0) {
          out += fmt::format("{}{}->{} id {} = {}", out.empty() ? "" : ", ",
                             isa::pipe_name(static_cast<isa::Pipe>(s)),
                             isa::pipe_name(static_cast<isa::Pipe>(d)), id, c);
        }
      }
    }
  }
  return out;
}

std::string FlagTable::label(isa::Pipe s, isa::Pipe d, int id) {
  return fmt::format("{}->{} #{}", isa::pipe_name(s), isa::pipe_name(d), id);
}

void FlagTable::reset() {
  m_count = {};
  m_pair_total = {};
}

}  // namespace npu::model
