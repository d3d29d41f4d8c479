// L2 cache tags at transfer granularity: a set-associative LRU tag array looked up once per line
// a transfer touches (no data: GM holds the contents). It decides which bytes of a transfer are
// L2 hits (served at L2 bandwidth) and which miss to HBM. Writes allocate (write-allocate) and
// are charged to HBM as well (write-through), which is exact for streaming outputs and ignores
// the timing of later write-backs.
//
// Speed (issue 9): a full-chip GEMM looks up ~10^8 lines, so the array is compact (32-bit tags
// and LRU stamps, one set's ways contiguous: 128 B for 16 ways) and the set index avoids a 64-bit
// division. Replacement: the least recently used way; empty ways fill in index order.
#pragma once

#include <cstdint>
#include <vector>

namespace npu::model {

class L2Tags {
 public:
  L2Tags(uint64_t bytes, uint32_t line, uint32_t ways);

  struct Result {
    uint64_t hit_bytes = 0;
    uint64_t miss_bytes = 0;
  };
  // A 2-D access: `rows` rows of `row_bytes` bytes, each `stride` bytes apart.
  Result access(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride);

  // Tests: move the LRU clock close to its 32-bit wrap (the stamps are renumbered there).
  void set_clock_for_test(uint32_t clock) { m_clock = clock; }

  // STATS
  uint64_t s_hit_bytes = 0;
  uint64_t s_miss_bytes = 0;

 private:
  static constexpr uint32_t kEmpty = 0xffffffffu;  // tag of a way never filled
  struct Slot {
    uint32_t tag;     // line address / sets
    uint64_t offset;  // of the set in m_sets_data
  };
  Slot slot_of(uint64_t line_addr) const;
  [[noreturn]] void tag_overflow(uint64_t line_addr) const;
  template <uint32_t kWays>  // 0: m_ways
  bool touch(Slot s);        // true on hit; inserts on miss
  template <uint32_t kWays>
  Result access_with(uint64_t addr, uint64_t rows, uint64_t row_bytes, uint64_t stride);
  void renumber_stamps();  // before the clock wraps: same order, small numbers

  uint32_t m_line_shift = 9;
  uint64_t m_sets = 0;
  uint32_t m_ways = 0;
  uint64_t m_div_magic = 0;  // ceil(2^64 / m_sets): quotient of a 32-bit line address by m_sets
  // Per set: m_ways tags (line address / m_sets), then m_ways LRU stamps (0: empty).
  std::vector<uint32_t> m_sets_data;
  uint32_t m_clock = 0;
};

}  // namespace npu::model
