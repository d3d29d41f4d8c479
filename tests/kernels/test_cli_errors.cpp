// User errors on the command line, in configs and in input files: one clear line and exit code 1.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  auto p = npu::test::scratch_dir() / name;
  std::ofstream(p) << text;
  return p.string();
}

void expect_user_error(const std::string& args, const std::string& words) {
  INFO(args);
  auto r = npuemu(args, false);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(words) != std::string::npos);
}

}  // namespace

TEST_CASE("bad command lines are user errors", "[cli]") {
  const std::string k = " --kernel " + kernel("gemm_fp16");
  expect_user_error("run --arch " + seed_chip() + k, "--shape");
  expect_user_error("run --arch " + seed_chip() + k + " --shape M=4,N=4", "needs M, N and K");
  expect_user_error("run --arch " + seed_chip() + k + " --shape M=4,N=4,K=x", "not a non-negative");
  expect_user_error("run --arch " + seed_chip() + k + " --shape M=4,N=4,K=4,Q=1", "unknown key 'Q'");
  expect_user_error("run --arch " + seed_chip() + k + " --shape M=4,N=4,K=4 --cores 99", "has 32 cores");
  expect_user_error("run --arch " + seed_chip() + k + " --shape M=4,N=4,K=4 --bogus", "bogus");
  expect_user_error("run --arch /nonexistent.yaml" + k + " --shape M=4,N=4,K=4", "cannot open");
  expect_user_error("run --arch " + seed_chip() + " --kernel /nonexistent.s --shape M=4,N=4,K=4",
                    "nonexistent");
  expect_user_error("frobnicate", "unknown command");
}

TEST_CASE("config errors name the file, line and key", "[cli][config]") {
  std::string text = npu::test::slurp(seed_chip());
  auto pos = text.find("head: 26 cycles");
  REQUIRE(pos != std::string::npos);
  std::string bad = text;
  bad.replace(pos, 15, "head: 26 ns");
  std::string path = write_temp("bad_unit.yaml", bad);
  expect_user_error("run --arch " + path + " --kernel " + kernel("gemm_fp16") +
                        " --shape M=4,N=4,K=4",
                    "core.mte1.head: unit 'ns' does not fit");
  bad = text + "bogus_key: 3\n";
  path = write_temp("bad_key.yaml", bad);
  expect_user_error("--list-params " + path, "unknown key 'bogus_key'");
}

TEST_CASE("bad .npy inputs are user errors", "[cli][npy]") {
  std::string path = write_temp("garbage.npy", "not a numpy file at all");
  expect_user_error("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                        " --shape M=4,N=4,K=4 --input A=" + path,
                    "--input A=");
}
