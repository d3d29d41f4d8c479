// The fitted H100 power parameters against the measured idle points (calibration file): an idle
// card is constant + leakage + every SM's idle clock power, scaled by V/f. The GEMM and copy
// points need simulations (scripts/calibrate_power prints them; the steady governor's clocks are
// in the issue notes).
#include <catch2/catch.hpp>

#include "config/chip_config.h"
#include "power/power_model.h"

using namespace npu;

TEST_CASE("the H100's idle power at 345 and 1980 MHz is within 10% of the measured card",
          "[power][tensorcore]") {
  auto r = config::load_chip_config(std::string(NPU_SOURCE_DIR) + "/configs/h100-sxm5.yaml");
  REQUIRE(r.ok());
  REQUIRE(r.config.power.present);
  power::Activity idle;
  idle.seconds = 1;
  idle.cores = r.config.cores;
  CHECK(power::estimate(r.config, 345, idle).total() == Approx(73.3).epsilon(0.10));
  CHECK(power::estimate(r.config, 1980, idle).total() == Approx(130.0).epsilon(0.10));
  CHECK(r.config.envelope_w == 700);
  CHECK(power::clock_steps(r.config)[1] == Approx(1965));
}
