// The vector unit's config: per-class costs (head + per-repeat cost by dtype) and the UB bank
// geometry load from both DaVinci YAMLs with their sources' values; a bank geometry that does
// not add up to the UB, or a missing class, is an error naming the keys.
#include <catch2/catch.hpp>

#include "config/chip_config.h"
#include "config_text.h"

using npu::test::replace_once;

namespace {

std::string text_of(const std::string& name) { return npu::test::shipped_config_text(name); }

std::string first_error(const std::string& text) {
  return npu::test::first_config_error(text, "x.yaml");
}

}  // namespace

TEST_CASE("vector costs and UB banks load from both DaVinci configs", "[config][vector]") {
  for (const char* name : {"ascend910b-seed.yaml", "ascend910b2.yaml"}) {
    INFO(name);
    auto r = npu::config::load_chip_config_text(text_of(name), name);
    REQUIRE(r.ok());
    const auto& v = r.config.core.vec;
    CHECK(v.add.head_cycles == Approx(5.9));
    CHECK(v.add.repeat_f16 == Approx(2.07));
    CHECK(v.exp.repeat_f16 == 4);
    CHECK(v.exp.repeat_f32 == 2);
    CHECK(v.div.repeat_f16 == 8);
    CHECK(v.reduce_sum.repeat_f32 == 7);
    const auto& b = r.config.core.ub_banks;
    CHECK(b.banks * b.bank_bytes == r.config.core.ub.bytes);
    CHECK(b.groups == 16);
  }
  auto b2 = npu::config::load_chip_config_text(text_of("ascend910b2.yaml"), "b2");
  REQUIRE(b2.ok());
  CHECK(b2.config.core.ub_banks.banks == 48);  // 16 groups x 3 banks of 4 KiB = 192 KiB
}

TEST_CASE("a UB bank geometry that does not fit the UB is a config error", "[config][vector]") {
  const std::string t = text_of("ascend910b2.yaml");
  CHECK(first_error(replace_once(t, "banks: 48", "banks: 64")).find("core.ub.banks") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "bank_groups: 16", "bank_groups: 5")).find("bank_groups") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "exp:        {head: 12 cycles, ", "exp:        {"))
            .find("missing key 'core.vec.exp.head'") != std::string::npos);
  CHECK(first_error(replace_once(t, "repeat_f16: 4 cycles", "repeat_f16: 4 B")).find("core.vec.") !=
        std::string::npos);
}
