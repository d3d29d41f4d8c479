// Time windows and core lists as the trace options take them.
#include <catch2/catch.hpp>

#include "trace/time_window.h"

using npu::model::parse_core_list;
using npu::model::parse_time_window;
using npu::model::TimeWindow;

TEST_CASE("time windows take units on either bound, cycles of the clock, and open ends",
          "[trace][window]") {
  TimeWindow w;
  REQUIRE(parse_time_window("0:20us", 1'000'000, w).empty());
  CHECK(w.from_fs == 0);
  CHECK(w.to_fs == 20'000'000'000ull);
  REQUIRE(parse_time_window("5us:7500ns", 1'000'000, w).empty());
  CHECK(w.from_fs == 5'000'000'000ull);
  CHECK(w.to_fs == 7'500'000'000ull);
  REQUIRE(parse_time_window("1000:3000cycles", 546'448, w).empty());
  CHECK(w.from_fs == 546'448'000ull);
  CHECK(w.to_fs == 3 * 546'448'000ull);
  REQUIRE(parse_time_window("10us:", 1'000'000, w).empty());
  CHECK(w.contains(1'000'000'000'000'000ull));
  CHECK(!parse_time_window("20us", 1'000'000, w).empty());
  CHECK(!parse_time_window("5:3us", 1'000'000, w).empty());
  CHECK(!parse_time_window("1:2parsecs", 1'000'000, w).empty());
  CHECK(!parse_time_window("x:2us", 1'000'000, w).empty());
}

TEST_CASE("core lists take numbers and ranges", "[trace][window]") {
  std::set<int> c;
  REQUIRE(parse_core_list("0,2-4", c).empty());
  CHECK(c == std::set<int>{0, 2, 3, 4});
  CHECK(!parse_core_list("3-1", c).empty());
  CHECK(!parse_core_list("a", c).empty());
  CHECK(!parse_core_list("", c).empty());
}
