// Helpers shared by the chip-config tests: a shipped config's text or loaded config, the first
// error of loading a (modified) text, and a replacement that must find what it replaces.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/chip_config.h"

namespace npu::test {

inline std::string shipped_config_text(const std::string& name) {
  std::ifstream in(std::string(NPU_SOURCE_DIR) + "/configs/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A shipped config, loaded (it must load).
inline const npu::config::ChipConfig& shipped_config(const std::string& name) {
  static std::map<std::string, npu::config::ChipConfig> loaded;
  if (auto it = loaded.find(name); it != loaded.end()) return it->second;
  auto r = npu::config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/" + name);
  REQUIRE(r.ok());
  return loaded.emplace(name, r.config).first->second;
}

inline std::string first_config_error(const std::string& text, const std::string& file) {
  auto r = npu::config::load_chip_config_text(text, file);
  return r.errors.empty() ? "" : r.errors.front().message;
}

inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace npu::test
