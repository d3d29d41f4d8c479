// The tensor-core (H100 SXM5) config: its peaks match the datasheet at the 1830 MHz spec clock,
// and the loader is as strict for this family as for DaVinci (unknown, missing and other-family
// keys are errors with file:line).
#include <catch2/catch.hpp>

#include "config/chip_config.h"
#include "config_text.h"

using npu::config::load_chip_config;
using npu::config::load_chip_config_text;

using npu::test::replace_once;

namespace {

std::string h100_text() { return npu::test::shipped_config_text("h100-sxm5.yaml"); }

std::string first_error(const std::string& text) {
  return npu::test::first_config_error(text, "h.yaml");
}

}  // namespace

TEST_CASE("the H100 SXM5 config gives the datasheet peaks at 1830 MHz", "[config][tensorcore]") {
  auto r = load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/h100-sxm5.yaml");
  REQUIRE(r.ok());
  const auto& c = r.config;
  CHECK(c.family == npu::isa::Family::kTensorCore);
  CHECK(c.cores == 132);
  CHECK(c.freq_mhz == 1980);
  CHECK(c.peak_tops_f16(1830) == Approx(989.4).epsilon(0.001));
  CHECK(2.0 * c.sm.tensor_macs_s8 * c.cores * 1830e-6 == Approx(1978.9).epsilon(0.001));
  CHECK(c.sm.smem.bytes == 228 * 1024);
  CHECK(c.sm.rf.bytes == 256 * 1024);
  CHECK(c.memory.l2_bytes == 50ull * 1024 * 1024);
  CHECK(c.envelope_w == 700);
}

TEST_CASE("tensor-core configs are checked as strictly as DaVinci ones", "[config][tensorcore]") {
  const std::string t = h100_text();
  CHECK(first_error(replace_once(t, "  mbar: 6 cycles", "  mbar: 6 cycles\n  bogus: 1 cycles"))
            .find("unknown key 'sm.bogus'") != std::string::npos);
  const std::string missing = first_error(replace_once(t, "    tail: 61 cycles", ""));
  CHECK(missing.find("missing key 'sm.tensor.tail'") != std::string::npos);
  // a DaVinci parameter in a tensor-core file, with its line
  const std::string other = first_error(replace_once(t, "sm:\n", "core:\n  flag: 1 cycles\nsm:\n"));
  CHECK(other.find("h.yaml:") == 0);
  CHECK(other.find("'core.flag' is not a parameter of a tensorcore chip") != std::string::npos);
  CHECK(first_error(replace_once(t, "size: 228 KiB", "size: 228 KHz")).find("sm.smem.size") !=
        std::string::npos);
  CHECK(first_error(replace_once(t, "align: 16 B", "align: 24 B")).find("power of two") !=
        std::string::npos);
}
