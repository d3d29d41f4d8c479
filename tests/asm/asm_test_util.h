// Helpers for the assembler tests: source-tree paths, file reading and UPDATE_GOLDEN goldens.
// Goldens are written only when the environment has UPDATE_GOLDEN=1; otherwise a missing or
// different golden fails the test. Deliberately header-only and Catch2-only (no fixtures).
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "isa/isa.h"

namespace npu::as::test {

inline std::filesystem::path source_dir() { return NPU_SOURCE_DIR; }

// The instruction a code word decodes to in family; the test fails if it does not decode.
inline isa::Inst decoded_in(isa::Family family, uint64_t word) {
  isa::DecodeResult d = isa::decode(family, word);
  INFO(d.error);
  REQUIRE(d.inst);
  return *d.inst;
}

// width bits of w from bit lo
inline uint64_t bits(uint64_t w, int lo, int width) {
  return (w >> lo) & ((uint64_t{1} << width) - 1);
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool update_golden() {
  const char* v = std::getenv("UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// Compares actual with the golden file (or rewrites it under UPDATE_GOLDEN=1).
inline void check_golden(const std::filesystem::path& golden, const std::string& actual) {
  if (update_golden()) {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  INFO("golden " << golden.string() << " (regenerate with UPDATE_GOLDEN=1)");
  REQUIRE(std::filesystem::exists(golden));
  CHECK(read_text(golden) == actual);
}

// Regular files under dir (recursively when recursive) whose names end with suffix, sorted.
inline std::vector<std::filesystem::path> files_ending(const std::filesystem::path& dir,
                                                       const std::string& suffix,
                                                       bool recursive = false) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) {
    return out;
  }
  auto take = [&](const std::filesystem::directory_entry& e) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(e.path());
    }
  };
  if (recursive) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      take(e);
    }
  } else {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      take(e);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace npu::as::test
