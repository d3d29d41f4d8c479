// Time windows and core lists given on the command line: "--trace-window 5us:20us",
// "--vcd-window 0:20us", "--trace-cores 0,2-3". Pure C++ (no SystemC) so unit tests check them.
#pragma once

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>

namespace npu::model {

struct TimeWindow {
  uint64_t from_fs = 0;
  uint64_t to_fs = std::numeric_limits<uint64_t>::max();
  bool all() const { return from_fs == 0 && to_fs == std::numeric_limits<uint64_t>::max(); }
  bool contains(uint64_t fs) const { return fs >= from_fs && fs <= to_fs; }
  bool overlaps(uint64_t a_fs, uint64_t b_fs) const { return b_fs >= from_fs && a_fs <= to_fs; }
};

// "T0:T1", each a number with a unit: s, ms, us, ns, ps, cycles (cycles of period_fs). A bound
// without a unit takes the other bound's; an empty T1 means the end of the run. Returns an error
// text or empty.
std::string parse_time_window(std::string_view text, uint64_t period_fs, TimeWindow& out);

// "0,2-3" -> {0, 2, 3}. Returns an error text or empty.
std::string parse_core_list(std::string_view text, std::set<int>& out);

}  // namespace npu::model
