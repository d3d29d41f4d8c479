// Set-associative LRU tags for the L2 (see l2_tags.h).
#include "mem/l2_tags.h"

#include <fmt/format.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <utility>

namespace npu::model {

L2Tags::L2Tags(uint64_t bytes, uint32_t line, uint32_t ways)
    : m_line_shift(static_cast<uint32_t>(std::countr_zero(line))), m_ways(ways) {
  m_sets = (line == 0 || ways == 0) ? 0 : bytes / line / ways;
  // Lemire, Kaser, Kurz, "Faster remainder by direct computation" (2019): with this M,
  // (M * n) >> 64 == n / d for every 32-bit n and 2 <= d < 2^32.
  if (m_sets >= 2 && m_sets < (1ull << 32)) m_div_magic = ~0ull / m_sets + 1;
  m_sets_data.resize(m_sets * 2 * ways);
  for (uint64_t s = 0; s < m_sets; ++s) {
    std::fill_n(&m_sets_data[s * 2 * ways], ways, kEmpty);
  }
}

void L2Tags::renumber_stamps() {
  // LRU needs only the order of the stamps within a set: renumber them 1..ways (0 stays empty).
  std::vector<std::pair<uint32_t, uint32_t>> order;  // (stamp, way)
  uint32_t top = 0;
  for (uint64_t s = 0; s < m_sets; ++s) {
    uint32_t* stamps = &m_sets_data[s * 2 * m_ways + m_ways];
    order.clear();
    for (uint32_t w = 0; w < m_ways; ++w) {
      if (stamps[w] != 0) order.emplace_back(stamps[w], w);
    }
    std::sort(order.begin(), order.end());
    for (uint32_t i = 0; i < order.size(); ++i) stamps[order[i].second] = i + 1;
    top = std::max(top, static_cast<uint32_t>(order.size()));
  }
  m_clock = top;
}

void L2Tags::tag_overflow(uint64_t line_addr) const {
  throw std::length_error(fmt::format(
      "L2 tags: line 0x{:x} is beyond the 32-bit tag range of {} sets", line_addr, m_sets));
}

L2Tags::Slot L2Tags::slot_of(uint64_t line_addr) const {
  uint64_t tag, set;
  if (m_div_magic != 0 && line_addr < (1ull << 32)) {
    tag = static_cast<uint64_t>((static_cast<unsigned __int128>(m_div_magic) * line_addr) >> 64);
    set = line_addr - tag * m_sets;
  } else {
    tag = line_addr / m_sets;
    set = line_addr % m_sets;
  }
  if (tag >= kEmpty) [[unlikely]]
    tag_overflow(line_addr);
  return {static_cast<uint32_t>(tag), set * 2 * m_ways};
}

template <uint32_t kWays>
bool L2Tags::touch(Slot s) {
  const uint32_t ways = kWays ? kWays : m_ways;  // kWays: the usual associativity, unrolled
  if (m_clock == 0xffffffffu) [[unlikely]]
    renumber_stamps();
  ++m_clock;
  uint32_t* tags = &m_sets_data[s.offset];
  uint32_t* stamps = tags + ways;
  uint32_t hit = ways;  // a tag sits in at most one way
#ifdef __SSE2__
  if constexpr (kWays == 16) {
    const __m128i t = _mm_set1_epi32(static_cast<int>(s.tag));
    auto eq = [&](int q) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(tags) + q);
      return static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, t))));
    };
    const uint32_t mask = eq(0) | eq(1) << 4 | eq(2) << 8 | eq(3) << 12;
    if (mask != 0) hit = static_cast<uint32_t>(std::countr_zero(mask));
  } else
#endif
  {
    for (uint32_t w = 0; w < ways; ++w) {
      if (tags[w] == s.tag) hit = w;
    }
  }
  if (hit < ways) {
    stamps[hit] = m_clock;
    return true;
  }
  // Miss: replace the first way with the oldest stamp (empty ways have 0, so they fill in order).
  uint32_t victim = 0;
  for (uint32_t w = 1; w < ways; ++w) {
    if (stamps[w] < stamps[victim]) victim = w;
  }
  tags[victim] = s.tag;
  stamps[victim] = m_clock;
  return false;
}

L2Tags::Result L2Tags::access(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride) {
  return m_ways == 16 ? access_with<16>(addr, rows, row_bytes, stride)
                      : access_with<0>(addr, rows, row_bytes, stride);
}

template <uint32_t kWays>
L2Tags::Result L2Tags::access_with(uint64_t addr, uint64_t rows, uint64_t row_bytes,
                                   uint64_t stride) {
  Result r;
  const uint64_t line = 1ull << m_line_shift;
  uint64_t last_line = ~0ull;
  bool last_hit = false;
  for (uint64_t i = 0; i < rows; ++i) {
    uint64_t a = addr + i * stride;
    const uint64_t end = a + row_bytes;
    while (a < end) {
      const uint64_t la = a >> m_line_shift;
      const uint64_t chunk = std::min(end, (la + 1) * line) - a;
      // a line touched again right away (two rows sharing it) is looked up once
      if (la != last_line) {
        last_hit = m_sets != 0 && touch<kWays>(slot_of(la));
        last_line = la;
      }
      // every byte of a line that missed comes from HBM with that line
      (last_hit ? r.hit_bytes : r.miss_bytes) += chunk;
      a += chunk;
    }
  }
  s_hit_bytes += r.hit_bytes;
  s_miss_bytes += r.miss_bytes;
  return r;
}

}  // namespace npu::model
