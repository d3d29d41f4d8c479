// L2 cache tags at transfer granularity: a set-associative LRU tag array looked up once per line
// a transfer touches (no data: GM holds the contents). It decides which bytes of a transfer are
// L2 hits (served at L2 bandwidth) and which miss to HBM. Writes allocate (write-allocate) and
// are charged to HBM as well (write-through), which is exact for streaming outputs and ignores
// the timing of later write-backs.
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

  // STATS
  uint64_t s_hit_bytes = 0;
  uint64_t s_miss_bytes = 0;

 private:
  bool touch(uint64_t line_addr);  // true on hit; inserts on miss

  uint32_t m_line_shift = 9;
  uint64_t m_sets = 0;
  uint32_t m_ways = 0;
  std::vector<uint64_t> m_tags;   // sets x ways, ~0 = invalid
  std::vector<uint64_t> m_stamp;  // LRU stamps
  uint64_t m_clock = 0;
};

}  // namespace npu::model
