// Copy workload (see copy_workload.h).
#include "npuemu/copy_workload.h"

#include <cstring>
#include <random>

#include <fmt/format.h>

#include "npuemu/cli.h"

namespace npu::tb {

CopyWorkload::CopyWorkload(const VectorSpec& spec, model::Chip& chip, bool timing_only)
    : m_chip(chip) {
  for (const auto& [key, value] : split_shape(spec.shape)) {
    if (key != "BYTES") throw UserError(fmt::format("--shape: the copy workload takes BYTES=n, not {}", key));
    m_bytes = shape_uint(key, value, 1, 1ull << 36);
  }
  if (m_bytes == 0) throw UserError("--shape: the copy workload needs BYTES=n");
  model::GlobalMemory& gm = chip.gm();
  m_src = gm.allocate("SRC", m_bytes);
  m_dst = gm.allocate("DST", m_bytes);
  if (!timing_only) {
    m_host.resize(m_bytes);
    std::mt19937_64 rng(spec.seed);
    for (auto& b : m_host) b = static_cast<uint8_t>(rng());
    std::memcpy(gm.data(m_src, m_bytes), m_host.data(), m_bytes);
  }
  bind_all(chip, {{"SRC", m_src}, {"DST", m_dst}, {"BYTES", m_bytes}}, "copy");
}

CheckOutcome CopyWorkload::check() {
  CheckOutcome out;
  const uint8_t* got = m_chip.gm().data(m_dst, m_bytes);
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < m_bytes; ++i) {
    if (got[i] != m_host[i] && bad++ == 0) first = i;
  }
  out.status = bad == 0 ? "pass" : "fail";
  out.mismatches = bad;
  if (bad) {
    out.detail = fmt::format("first mismatch at byte {}: expected 0x{:02x}, got 0x{:02x}", first,
                             m_host[first], got[first]);
  }
  return out;
}

std::string CopyWorkload::save_output(const std::string&) {
  return "--output: the copy workload checks its bytes itself (use --check)";
}

std::unique_ptr<VectorWorkload> make_copy(const VectorSpec& spec, model::Chip& chip,
                                          bool timing_only) {
  return std::make_unique<CopyWorkload>(spec, chip, timing_only);
}

}  // namespace npu::tb
