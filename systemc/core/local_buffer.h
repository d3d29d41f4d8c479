// A core-local scratchpad (L1, L0A, L0B, L0C, UB): capacity and alignment from the chip YAML,
// contents only in functional mode. check() is the one place accesses are validated (and
// counted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/fault.h"
#include "config/chip_config.h"

namespace npu::model {

class LocalBuffer {
 public:
  LocalBuffer(std::string name, const config::BufferConfig& cfg, bool store)
      : m_name(std::move(name)), m_bytes(cfg.bytes), m_align(cfg.align) {
    if (store) m_data.assign(m_bytes, 0);
  }

  // A fault description if [addr, addr + len) is out of range or addr misaligned.
  std::optional<std::pair<FaultKind, std::string>> check(uint64_t addr, uint64_t len,
                                                         const char* what) const {
    if (addr % m_align != 0) {
      return std::pair{FaultKind::kBufferAlign,
                       fmt::format("{} address 0x{:x} in {} is not {}-byte aligned", what, addr,
                                   m_name, m_align)};
    }
    if (addr > m_bytes || len > m_bytes - addr) {
      return std::pair{FaultKind::kBufferRange,
                       fmt::format("{} [0x{:x}, 0x{:x}) overflows {} ({} bytes)", what, addr,
                                   addr + len, m_name, m_bytes)};
    }
    s_bytes += len;
    return std::nullopt;
  }

  uint8_t* at(uint64_t addr) { return m_data.empty() ? nullptr : m_data.data() + addr; }
  const std::string& name() const { return m_name; }
  uint64_t bytes() const { return m_bytes; }
  // STATS: operand footprints checked (= bytes instructions read or wrote here).
  mutable uint64_t s_bytes = 0;

 private:
  std::string m_name;
  uint64_t m_bytes;
  uint64_t m_align;
  std::vector<uint8_t> m_data;
};

}  // namespace npu::model
