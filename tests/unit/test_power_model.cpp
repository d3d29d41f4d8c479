// The power model's arithmetic (systemc/power/power_model.cpp): V/f, the V^2 and f scaling of
// each term, action energies from counts, the governor's clock prediction, and the power
// section of the chip YAML (optional as a whole, complete once given).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "config/chip_config.h"
#include "power/power_model.h"

using namespace npu;

namespace {

config::ChipConfig seed() {
  auto r = config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/ascend910b-seed.yaml");
  REQUIRE(r.ok());
  return r.config;
}

std::string seed_text() {
  std::ifstream in(std::string(NPU_SOURCE_DIR) + "/configs/ascend910b-seed.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("voltage follows the V/f line between its two points", "[power]") {
  config::ChipConfig c = seed();
  CHECK(power::volt_at(c, c.freq_mhz) == Approx(c.power.max_volt));
  CHECK(power::volt_at(c, c.power.min_freq_mhz) == Approx(c.power.min_volt));
  CHECK(power::volt_at(c, 1.0) == Approx(c.power.min_volt));  // clamped below the curve
  const double mid = (c.freq_mhz + c.power.min_freq_mhz) / 2;
  CHECK(power::volt_at(c, mid) == Approx((c.power.min_volt + c.power.max_volt) / 2));
}

TEST_CASE("an idle chip draws constant + leakage + clock power, scaled by V and f", "[power]") {
  config::ChipConfig c = seed();
  power::Activity idle;
  idle.seconds = 1e-3;
  idle.cores = c.cores;
  const auto at_max = power::estimate(c, c.freq_mhz, idle);
  CHECK(at_max.total() ==
        Approx(c.power.constant_w + c.power.leakage_w + c.power.core_idle_w * c.cores));
  const double f = c.power.min_freq_mhz;
  const double v = c.power.min_volt / c.power.max_volt;
  const auto at_min = power::estimate(c, f, idle);
  CHECK(at_min.leakage_w == Approx(c.power.leakage_w * v));
  CHECK(at_min.clock_w == Approx(c.power.core_idle_w * c.cores * f / c.freq_mhz * v * v));
  CHECK(at_min.total() < at_max.total());
}

TEST_CASE("action energy is count x pJ x V^2 over the interval", "[power]") {
  config::ChipConfig c = seed();
  power::Activity a;
  a.seconds = 1e-3;
  a.counts["macs_f16"] = 1e12;
  a.counts["hbm_bytes"] = 1e9;
  const auto b = power::estimate(c, c.freq_mhz, a);
  CHECK(b.per_action_w.at("macs_f16") == Approx(c.power.e_mac_f16_pj * 1e-12 * 1e12 / 1e-3));
  CHECK(b.per_action_w.at("hbm_bytes") == Approx(c.power.e_hbm_pj * 1e-12 * 1e9 / 1e-3));
  const double v = power::volt_at(c, 700) / c.power.max_volt;
  CHECK(power::estimate(c, 700, a).actions_w == Approx(b.actions_w * v * v));
}

TEST_CASE("the governor's prediction is the highest clock step that fits", "[power]") {
  config::ChipConfig c = seed();
  power::Activity a;
  a.seconds = 1e-3;
  a.cores = c.cores;
  a.active_core_seconds = c.cores * 1e-3;
  a.counts["macs_f16"] = c.peak_macs_per_cycle_f16() * c.freq_mhz * 1e6 * 1e-3;
  c.envelope_w = 1e6;
  CHECK(power::predict_capped_clock(c, c.freq_mhz, a) == c.freq_mhz);
  const double full = power::estimate(c, c.freq_mhz, a).total();
  c.envelope_w = 0.8 * full;
  const double f = power::predict_capped_clock(c, c.freq_mhz, a);
  CHECK(f < c.freq_mhz);
  auto scaled = [&](double mhz) {
    power::Activity s = a;
    s.seconds *= c.freq_mhz / mhz;
    s.active_core_seconds *= c.freq_mhz / mhz;
    return power::estimate(c, mhz, s).total();
  };
  CHECK(scaled(f) <= c.envelope_w);
  CHECK(scaled(f + c.power.step_mhz) > c.envelope_w);
  const auto steps = power::clock_steps(c);
  CHECK(steps.front() == c.freq_mhz);
  CHECK(steps.back() >= c.power.min_freq_mhz);
}

TEST_CASE("the power section is optional, but complete once given", "[power][config]") {
  std::string text = seed_text();
  const auto cut = text.find("\npower:");
  REQUIRE(cut != std::string::npos);
  auto without = config::load_chip_config_text(text.substr(0, cut + 1), "x.yaml");
  // core.energy.* stay in the core section: harmless without a power section
  REQUIRE(without.ok());
  CHECK_FALSE(without.config.power.present);
  std::string partial = text;
  const auto l = partial.find("    hbm: 7 pJ/bit");
  partial.erase(l, partial.find('\n', l) - l + 1);
  auto r = config::load_chip_config_text(partial, "x.yaml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors.front().message.find("power.energy.hbm") != std::string::npos);
  auto bad_unit = config::load_chip_config_text(
      text.replace(text.find("0.3 pJ/MAC"), 10, "0.3 pJ/B"), "x.yaml");
  REQUIRE_FALSE(bad_unit.ok());
  CHECK(bad_unit.errors.front().message.find("power.energy.mac_f16") != std::string::npos);
}
