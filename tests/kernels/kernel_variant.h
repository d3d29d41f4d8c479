// A shipped kernel's source with some lines' text replaced, written to the test's scratch
// directory: launch variants (a different .smem claim, fewer stages) without a copy of the file.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "run_npuemu.h"

namespace npu::test {

// `rel`: the kernel under firmware/kernels/; each (from, to) must occur in it (first occurrence
// replaced). Returns the variant's path. The .inc files next to the kernel are copied along (the
// variant includes them from its own directory).
inline std::string kernel_variant(const std::string& rel,
                                  const std::vector<std::pair<std::string, std::string>>& edits,
                                  const std::string& name) {
  std::string text = slurp(src("firmware/kernels/" + rel));
  for (const auto& [from, to] : edits) {
    const size_t at = text.find(from);
    INFO("kernel " << rel << " lacks '" << from << "'");
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  const auto path = scratch_dir() / (name + ".s");
  std::ofstream(path) << text;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::path(src("firmware/kernels/" + rel)).parent_path())) {
    if (e.path().extension() == ".inc") {
      std::filesystem::copy_file(e.path(), scratch_dir() / e.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
  return path.string();
}

}  // namespace npu::test
