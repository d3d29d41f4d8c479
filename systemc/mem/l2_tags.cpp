// Set-associative LRU tags for the L2 (see l2_tags.h).
#include "mem/l2_tags.h"

#include <algorithm>
#include <bit>

namespace npu::model {

L2Tags::L2Tags(uint64_t bytes, uint32_t line, uint32_t ways)
    : m_line_shift(static_cast<uint32_t>(std::countr_zero(line))), m_ways(ways) {
  m_sets = (line == 0 || ways == 0) ? 0 : bytes / line / ways;
  m_tags.assign(m_sets * ways, ~0ull);
  m_stamp.assign(m_sets * ways, 0);
}

bool L2Tags::touch(uint64_t line_addr) {
  if (m_sets == 0) return false;
  uint64_t set = line_addr % m_sets;
  uint64_t* tags = &m_tags[set * m_ways];
  uint64_t* stamps = &m_stamp[set * m_ways];
  ++m_clock;
  uint32_t victim = 0;
  for (uint32_t w = 0; w < m_ways; ++w) {
    if (tags[w] == line_addr) {
      stamps[w] = m_clock;
      return true;
    }
    if (stamps[w] < stamps[victim]) victim = w;
  }
  tags[victim] = line_addr;
  stamps[victim] = m_clock;
  return false;
}

L2Tags::Result L2Tags::access(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride) {
  Result r;
  const uint64_t line = 1ull << m_line_shift;
  uint64_t last_line = ~0ull;
  bool last_hit = false;
  for (uint64_t i = 0; i < rows; ++i) {
    uint64_t a = addr + i * stride;
    uint64_t end = a + row_bytes;
    while (a < end) {
      uint64_t la = a >> m_line_shift;
      uint64_t chunk = std::min(end, (la + 1) * line) - a;
      bool hit = (la == last_line) ? last_hit : touch(la);
      // every byte of a line that missed comes from HBM with that line
      last_line = la;
      last_hit = hit;
      if (hit) r.hit_bytes += chunk; else r.miss_bytes += chunk;
      a += chunk;
    }
  }
  s_hit_bytes += r.hit_bytes;
  s_miss_bytes += r.miss_bytes;
  return r;
}

}  // namespace npu::model
