// UB bank-conflict counting (see ub_banks.h).
#include "davinci/ub_banks.h"

#include <algorithm>
#include <vector>

namespace npu::model {

namespace {

struct Rows {
  std::vector<uint64_t> rows;  // distinct 32 B rows touched this repeat

  void collect(std::span<const UbStream> streams, uint32_t r) {
    rows.clear();
    for (const UbStream& s : streams) {
      for (uint32_t j = 0; j < s.blocks; ++j) {
        rows.push_back(func::block_offset(s.op, r, j) / func::kVecBlockBytes);
      }
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  }
};

// Extra cycles a set of distinct rows needs: the largest number in one group, minus one.
uint64_t group_excess(const std::vector<uint64_t>& rows, uint32_t groups,
                      std::vector<uint32_t>& count) {
  std::fill(count.begin(), count.end(), 0);
  uint32_t most = 0;
  for (uint64_t row : rows) most = std::max(most, ++count[row % groups]);
  return most > 1 ? most - 1 : 0;
}

}  // namespace

uint64_t ub_conflicts(const config::UbBankConfig& geo, std::span<const UbStream> reads,
                      std::span<const UbStream> writes, uint32_t repeat) {
  const uint64_t region_rows = geo.groups * geo.bank_bytes / func::kVecBlockBytes;
  auto bank = [&](uint64_t row) { return row / region_rows * geo.groups + row % geo.groups; };
  std::vector<uint32_t> count(geo.groups);
  Rows rd, wr, prev_wr;
  uint64_t extra = 0;
  for (uint32_t r = 0; r < repeat; ++r) {
    rd.collect(reads, r);
    wr.collect(writes, r);
    extra += group_excess(rd.rows, geo.groups, count) + group_excess(wr.rows, geo.groups, count);
    if (r > 0) {
      const bool clash = std::any_of(rd.rows.begin(), rd.rows.end(), [&](uint64_t a) {
        return std::any_of(prev_wr.rows.begin(), prev_wr.rows.end(),
                           [&](uint64_t b) { return bank(a) == bank(b); });
      });
      extra += clash ? 1 : 0;
    }
    std::swap(prev_wr.rows, wr.rows);
  }
  return extra;
}

}  // namespace npu::model
