// Chip config loading: the shipped configs load and reproduce the seed table's peaks; every kind
// of bad value is a clear error naming file, line and key.
#include <catch2/catch.hpp>

#include "config/chip_config.h"
#include "config_text.h"

using npu::config::load_chip_config;
using npu::config::load_chip_config_text;

using npu::test::replace_once;

namespace {

std::string seed_text() { return npu::test::shipped_config_text("ascend910b-seed.yaml"); }

std::string first_error(const std::string& text) {
  return npu::test::first_config_error(text, "x.yaml");
}

}  // namespace

TEST_CASE("the seed config reproduces 256 TFLOPS FP16 within 3 percent", "[config]") {
  auto r = load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/ascend910b-seed.yaml");
  REQUIRE(r.ok());
  const double peak = r.config.peak_tops_f16(r.config.freq_mhz);
  CHECK(peak == Approx(256).epsilon(0.03));
  CHECK(r.config.envelope_w == 350);
  CHECK(r.config.core.l1.bytes == 1024 * 1024);
  CHECK(r.config.memory.hbm_bytes_per_second == Approx(1.2e12));
}

TEST_CASE("the 910B2 config loads with its published parameters", "[config]") {
  auto r = load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/ascend910b2.yaml");
  REQUIRE(r.ok());
  CHECK(r.config.cores == 24);
  CHECK(r.config.peak_tops_f16(r.config.freq_mhz) == Approx(353.9).epsilon(0.001));
  CHECK(r.config.core.l0c.bytes == 128 * 1024);
}

TEST_CASE("config errors name the file, the line and the key", "[config]") {
  const std::string t = seed_text();
  CHECK(first_error(replace_once(t, "head: 26 cycles", "head: 26 ns"))
            .find("core.mte1.head: unit 'ns' does not fit") != std::string::npos);
  CHECK(first_error(replace_once(t, "head: 26 cycles", "head: 26")).find("needs a unit") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "cores: 32", "cores: lots")).find("chip.cores") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "cores: 32", "cores: 0")).find("out of range") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "cores: 32", "cores: 2.5")).find("whole number") !=
        std::string::npos);
  CHECK(first_error(t + "extra: 1\n").find("x.yaml:") == 0);
  CHECK(first_error(t + "extra: 1\n").find("unknown key 'extra'") != std::string::npos);
  CHECK(first_error(replace_once(t, "    ways: 16", "")).find("missing key 'memory.l2.ways'") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "align: 512 B", "align: 500 B")).find("power of two") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "family: davinci", "family: gpu")).find("chip.family") !=
        std::string::npos);
  CHECK(first_error("chip: [unclosed").find("YAML syntax error") != std::string::npos);
  CHECK(first_error("").find("empty") != std::string::npos);
}

TEST_CASE("list_params prints every parameter with a unit and description", "[config]") {
  auto r = load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/ascend910b-seed.yaml");
  REQUIRE(r.ok());
  auto params = npu::config::list_params(r.config);
  CHECK(params.size() > 30);
  for (const auto& p : params) {
    INFO(p.path);
    CHECK_FALSE(p.description.empty());
    CHECK_FALSE(p.value.empty());
  }
}
