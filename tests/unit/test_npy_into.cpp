// Inputs stored once (issue 9): read_npy_into puts an array's data straight into a caller's
// buffer after the same header checks as read_npy, and write_npy writes from data it does not
// own; merge_compare keeps the lowest mismatching index when a check is done block by block.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/golden.h"
#include "util/npy.h"

namespace {

namespace fs = std::filesystem;
using namespace npu::tb;

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("npu_npy_into_" + std::to_string(::getpid()) + "_" + name);
}

}  // namespace

TEST_CASE("read_npy_into gives read_npy's data in the caller's buffer", "[npy]") {
  const fs::path p = temp_file("a.npy");
  std::vector<uint8_t> data(3 * 5 * 2);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 1);
  REQUIRE(write_npy(p.string(), "<f2", {3, 5}, data).empty());  // from a span: no NpyArray
  const NpyReadResult whole = read_npy(p.string());
  REQUIRE(whole.array);
  CHECK(whole.array->data == data);

  std::vector<uint8_t> dst(data.size() + 4, 0xee);
  const NpyReadResult r = read_npy_into(p.string(), [&](const NpyArray& a, std::string&) {
    CHECK(a.dtype == "<f2");
    CHECK(a.shape == std::vector<size_t>{3, 5});
    return dst.data() + 2;
  });
  REQUIRE(r.array);
  CHECK(r.array->data.empty());
  CHECK(std::vector<uint8_t>(dst.begin() + 2, dst.end() - 2) == data);
  CHECK(dst[0] == 0xee);
  CHECK(dst[dst.size() - 1] == 0xee);  // nothing written past the data

  const NpyReadResult refused = read_npy_into(p.string(), [](const NpyArray&, std::string& why) {
    why = "shape (3,5) but the GEMM needs (4,4)";
    return static_cast<uint8_t*>(nullptr);
  });
  CHECK_FALSE(refused.array);
  CHECK(refused.error.find("needs (4,4)") != std::string::npos);

  const NpyReadResult missing =
      read_npy_into(temp_file("none.npy").string(), [&](const NpyArray&, std::string&) {
        FAIL("place() called for a missing file");
        return dst.data();
      });
  CHECK_FALSE(missing.array);
  fs::remove(p);
}

TEST_CASE("merge_compare keeps the lowest mismatching index over blocks", "[golden]") {
  const uint16_t want[4] = {0x3c00, 0x3c00, 0x3c00, 0x3c00};
  const uint16_t got_late[4] = {0x3c00, 0x3c00, 0x3c00, 0x4000};
  const uint16_t got_early[4] = {0x4000, 0x3c00, 0x4400, 0x3c00};
  CompareResult total;
  merge_compare(total, compare_f16(want, got_late, 4), 100);  // block at 100: mismatch at 103
  merge_compare(total, compare_f16(want, want, 4), 0);        // no mismatch
  merge_compare(total, compare_f16(want, got_early, 4), 40);  // mismatches at 40 and 42
  CHECK(total.mismatches == 3);
  CHECK(total.first_index == 40);
  CHECK(total.expected_bits == 0x3c00);
  CHECK(total.got_bits == 0x4000);
  CHECK(total.max_abs_err == 3.0);  // element 42: 4.0 instead of 1.0
}
