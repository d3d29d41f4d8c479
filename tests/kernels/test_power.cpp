// The power model end to end through the CLI: report fields (DESIGN section 10), the envelope
// verdict, energy = average power x time, and the two power-cap governors on the seed chip with
// a lowered envelope (so the cap binds on a small GEMM).
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

const std::string kGemm = " --shape M=2048,N=2048,K=2048 --timing-only";

}  // namespace

TEST_CASE("a seed FP16 GEMM reports its power against the 350 W envelope", "[kernels][power]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") + kGemm);
  REQUIRE(r.exit_code == 0);
  const auto& p = r.report["power"];
  REQUIRE(p.is_object());
  CHECK(p["envelope_w"].get<double>() == 350);
  CHECK(p["avg_w"].get<double>() > 100);
  CHECK(p["peak_w"].get<double>() >= p["avg_w"].get<double>());
  CHECK(p["energy_j"].get<double>() ==
        Approx(p["avg_w"].get<double>() * r.report["seconds"].get<double>()).epsilon(1e-6));
  CHECK(p["within_envelope"].get<bool>() == (p["avg_w"].get<double>() <= 350));
  CHECK(p["breakdown_w"]["actions"]["macs_f16"].get<double>() > 0);
  CHECK(p["capped"].is_null());
  // the counters behind it (scripts/calibrate_power reads them)
  CHECK(r.report["activity"]["macs_f16"].get<double>() == Approx(2048.0 * 2048 * 2048));
  CHECK(r.report["active_core_seconds"].get<double>() > 0);
  CHECK(r.out.find("power: avg") != std::string::npos);
}

TEST_CASE("the naive kernel draws less power than the optimised one", "[kernels][power]") {
  auto opt = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") + kGemm);
  auto naive =
      npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16_naive") + kGemm);
  REQUIRE(opt.exit_code == 0);
  REQUIRE(naive.exit_code == 0);
  CHECK(naive.report["power"]["avg_w"].get<double>() < opt.report["power"]["avg_w"].get<double>());
  // the same arithmetic costs more energy when it runs slowly (idle clocks and leakage)
  CHECK(naive.report["power"]["energy_j"].get<double>() >
        opt.report["power"]["energy_j"].get<double>());
}

TEST_CASE("steady power cap: the highest clock step whose power fits the envelope",
          "[kernels][power]") {
  const std::string args = "run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                           kGemm + " --set 'chip.envelope=240 W'";
  auto r = npuemu(args + " --power-cap steady");
  REQUIRE(r.exit_code == 0);
  const auto& p = r.report["power"];
  REQUIRE(p["avg_w"].get<double>() > 240);  // the cap binds at the max clock
  const auto& c = p["capped"];
  REQUIRE(c.is_object());
  const double f = c["freq_mhz"].get<double>();
  CHECK(f < 1000);
  CHECK(c["avg_w"].get<double>() <= 240);
  CHECK(c["achieved_tops"].get<double>() < r.report["achieved_tops"].get<double>());
  // one clock step up no longer fits
  auto up = npuemu(args + " --freq-mhz " + std::to_string(f + 25));
  REQUIRE(up.exit_code == 0);
  CHECK(up.report["power"]["avg_w"].get<double>() > 240);
}

TEST_CASE("dynamic power cap: the clock drops inside the run and results stay exact",
          "[kernels][power]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                  " --shape M=1024,N=1024,K=1024 --check --power-cap dynamic"
                  " --set 'chip.envelope=200 W' --set 'power.governor.window=2 us'");
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["check"]["status"] == "pass");
  const auto& c = r.report["power"]["capped"];
  REQUIRE(c.is_object());
  CHECK(c["mode"] == "dynamic");
  CHECK(c["freq_mhz"].get<double>() < 1000);
}

TEST_CASE("an unknown power-cap mode is a user error (exit code 1)", "[kernels][power]") {
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") + kGemm +
                  " --power-cap max");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--power-cap 'max'") != std::string::npos);
}
