// The compact L2 tag array (issue 9: 32-bit tags and stamps, division-free set index) decides hits
// and misses exactly as a plain set-associative LRU does: checked against a straightforward
// reference on random and streaming accesses over several geometries, and across the wrap of
// its 32-bit LRU clock.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "mem/l2_tags.h"

namespace {

// The textbook version: 64-bit line addresses and stamps, victim = first way with the oldest stamp.
class ReferenceLru {
 public:
  ReferenceLru(uint64_t bytes, uint32_t line, uint32_t ways)
      : m_line(line),
        m_ways(ways),
        m_sets(bytes / line / ways),
        m_tags(m_sets * ways, ~0ull),
        m_stamps(m_sets * ways, 0) {}
  npu::model::L2Tags::Result access(uint64_t addr, uint64_t rows, uint64_t row_bytes,
                                    uint64_t stride) {
    npu::model::L2Tags::Result r;
    uint64_t last = ~0ull;
    bool last_hit = false;
    for (uint64_t i = 0; i < rows; ++i) {
      for (uint64_t a = addr + i * stride, end = a + row_bytes; a < end;) {
        const uint64_t la = a / m_line, chunk = std::min(end, (la + 1) * m_line) - a;
        const bool hit = la == last ? last_hit : touch(la);
        last = la;
        last_hit = hit;
        (hit ? r.hit_bytes : r.miss_bytes) += chunk;
        a += chunk;
      }
    }
    return r;
  }

 private:
  bool touch(uint64_t la) {
    if (m_sets == 0) return false;
    const uint64_t base = (la % m_sets) * m_ways;
    ++m_clock;
    uint32_t victim = 0;
    for (uint32_t w = 0; w < m_ways; ++w) {
      if (m_tags[base + w] == la) {
        m_stamps[base + w] = m_clock;
        return true;
      }
      if (m_stamps[base + w] < m_stamps[base + victim]) victim = w;
    }
    m_tags[base + victim] = la;
    m_stamps[base + victim] = m_clock;
    return false;
  }
  uint64_t m_line;
  uint32_t m_ways;
  uint64_t m_sets;
  std::vector<uint64_t> m_tags, m_stamps;
  uint64_t m_clock = 0;
};

struct Geometry {
  uint64_t bytes;
  uint32_t line, ways;
};

// Random 2-D accesses clustered in a window a few times the cache size, so both hits and misses
// (and evictions) are frequent. Returns the number of hit bytes seen (to show hits occurred).
uint64_t compare(const Geometry& g, uint32_t start_clock, int accesses,
                 uint64_t base = 1ull << 32) {  // GM allocations start at 4 GiB
  npu::model::L2Tags fast(g.bytes, g.line, g.ways);
  ReferenceLru ref(g.bytes, g.line, g.ways);
  fast.set_clock_for_test(start_clock);
  std::mt19937_64 rng(g.bytes ^ g.line ^ g.ways);
  const uint64_t window = 3 * g.bytes + 4096;
  uint64_t hits = 0;
  for (int i = 0; i < accesses; ++i) {
    const uint64_t addr = base + rng() % window;
    const uint64_t rows = 1 + rng() % 8, row_bytes = 1 + rng() % (3 * g.line);
    const uint64_t stride = row_bytes + rng() % (4 * g.line);
    const auto a = fast.access(addr, rows, row_bytes, stride);
    const auto b = ref.access(addr, rows, row_bytes, stride);
    INFO("access " << i << " at 0x" << std::hex << addr);
    REQUIRE(a.hit_bytes == b.hit_bytes);
    REQUIRE(a.miss_bytes == b.miss_bytes);
    hits += a.hit_bytes;
  }
  return hits;
}

}  // namespace

TEST_CASE("L2 tags: hits and misses match a plain LRU on several geometries") {
  const Geometry geometries[] = {
      {64 * 1024, 128, 16},      // power-of-two sets
      {50 * 128 * 16, 128, 16},  // 50 sets, as H100's 25600 is not a power of two
      {3 * 512 * 4, 512, 4},     // 3 sets
      {512 * 8, 512, 8},         // one set: fully associative
      {97 * 32, 32, 1},          // direct-mapped
      {7 * 64 * 24, 64, 24},     // more than 16 ways
      {0, 128, 16},              // no L2: everything misses
  };
  for (const Geometry& g : geometries) {
    INFO("bytes " << g.bytes << " line " << g.line << " ways " << g.ways);
    const uint64_t hits = compare(g, 0, 4000);
    if (g.bytes > 0) CHECK(hits > 0);
  }
}

TEST_CASE("L2 tags: line addresses beyond 32 bits take the division path, same results") {
  CHECK(compare({50 * 128 * 16, 128, 16}, 0, 2000, 1ull << 44) > 0);
}

TEST_CASE("L2 tags: the LRU order survives the wrap of the 32-bit clock") {
  // Start a few thousand touches before the wrap, so it happens with every set partly filled.
  for (const Geometry& g : {Geometry{50 * 128 * 16, 128, 16}, Geometry{3 * 512 * 4, 512, 4}}) {
    INFO("bytes " << g.bytes);
    CHECK(compare(g, 0xffffffffu - 3000, 4000) > 0);
  }
}
