// npuemu --list-params covers the whole chip file: every key of every shipped config (DaVinci
// and tensor-core) is a listed parameter with a value, a unit column and a description; only
// chip.name and chip.description, which label the chip, are left to the listing's title line.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "config/chip_config.h"

namespace {

void leaf_keys(const YAML::Node& n, const std::string& prefix, std::set<std::string>& out) {
  if (!n.IsMap()) {
    out.insert(prefix);
    return;
  }
  for (const auto& kv : n) {
    leaf_keys(
        kv.second,
        prefix.empty() ? kv.first.as<std::string>() : prefix + "." + kv.first.as<std::string>(),
        out);
  }
}

}  // namespace

TEST_CASE("list_params lists every key of every shipped chip config", "[config]") {
  int configs = 0;
  for (const auto& f :
       std::filesystem::directory_iterator(std::string(NPU_SOURCE_DIR) + "/configs")) {
    if (f.path().extension() != ".yaml") continue;
    ++configs;
    INFO(f.path().string());
    auto r = npu::config::load_chip_config(f.path().string());
    REQUIRE(r.ok());
    std::set<std::string> listed;
    for (const auto& p : npu::config::list_params(r.config)) {
      INFO(p.path);
      CHECK_FALSE(p.description.empty());
      CHECK_FALSE(p.value.empty());
      CHECK(listed.insert(p.path).second);  // listed once
    }
    std::set<std::string> keys;
    leaf_keys(YAML::LoadFile(f.path().string()), "", keys);
    keys.erase("chip.name");
    keys.erase("chip.description");
    for (const std::string& k : keys) {
      INFO("key in the file: " << k);
      CHECK(listed.count(k) == 1);
    }
    CHECK(listed.size() == keys.size());  // and nothing that is not in the file
    if (r.config.family == npu::isa::Family::kTensorCore) {
      CHECK(listed.count("sm.tensor.macs_f16") == 1);
      CHECK(listed.count("sm.energy.smem") == 1);
    }
  }
  CHECK(configs >= 4);
}
