// End to end: the vector kernels through `npuemu run` on both DaVinci configs. eltwise is checked
// bit for bit, softmax within the documented 1-ulp bound, on random data with edge values
// (-0, subnormals, +-inf, NaN, large values) and ragged lengths (masks, partial repeats,
// partial tiles, more cores than work); timing-only counts the same cycles; a wrong kernel fails
// its check (exit 2) and a bad shape is a user error (exit 1).
#include <catch2/catch.hpp>
#include <fstream>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::src;

namespace {

const char* kConfigs[] = {"configs/ascend910b-seed.yaml", "configs/ascend910b2.yaml"};

npu::test::CliRun run(const std::string& arch, const std::string& k, const std::string& workload,
                      const std::string& shape, const std::string& extra, bool with_report = true) {
  return npuemu("run --arch " + src(arch) + " --kernel " + kernel(k) + " --workload " + workload +
                    " --shape " + shape + " " + extra,
                with_report);
}

void expect_pass(const npu::test::CliRun& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.report["check"]["status"] == "pass");
  CHECK(r.report["check"]["mismatches"] == 0);
  CHECK(r.report["achieved_gbps"].get<double>() > 0);
  CHECK(r.report["vec_busy"].get<double>() > 0);
}

}  // namespace

TEST_CASE("eltwise_fp16 add, mul and relu are bit exact on both configs", "[kernels][vector]") {
  for (const char* arch : kConfigs) {
    for (const char* op : {"add", "mul", "relu"}) {
      for (const char* l : {"1", "127", "129", "40000"}) {
        INFO(arch << " OP=" << op << " L=" << l);
        expect_pass(run(arch, "eltwise_fp16", "eltwise", std::string("L=") + l + ",OP=" + op,
                        "--check --seed 3"));
      }
    }
  }
}

TEST_CASE("eltwise_fp16 streams several tiles per core", "[kernels][vector]") {
  // 4 cores x 3 tiles of 16384 elements and a ragged tail.
  auto r = run(kConfigs[0], "eltwise_fp16", "eltwise", "L=200001,OP=add", "--check --cores 4");
  expect_pass(r);
  CHECK(r.report["engines"]["MTE2"]["instructions"].get<int>() >= 4 * 3 * 2);
}

TEST_CASE("softmax_fp16 is within 1 ulp of the exact softmax on both configs",
          "[kernels][vector]") {
  for (const char* arch : kConfigs) {
    for (const char* shape :
         {"R=1,L=1", "R=7,L=100", "R=33,L=1024", "R=4,L=8192", "R=9,L=65", "R=70,L=64"}) {
      INFO(arch << " " << shape);
      expect_pass(run(arch, "softmax_fp16", "softmax", shape, "--check --seed 5"));
    }
  }
}

TEST_CASE("vector kernels: timing-only runs count the functional run's cycles",
          "[kernels][vector][timing]") {
  const std::pair<const char*, const char*> cases[] = {
      {"eltwise_fp16", "eltwise --shape L=70001,OP=mul"},
      {"softmax_fp16", "softmax --shape R=40,L=300"}};
  for (const char* arch : kConfigs) {
    for (auto [k, w] : cases) {
      INFO(arch << " " << k);
      const std::string base =
          "run --arch " + src(arch) + " --kernel " + kernel(k) + " --workload " + w;
      auto functional = npuemu(base + " --check");
      auto timing = npuemu(base + " --timing-only");
      REQUIRE(functional.exit_code == 0);
      REQUIRE(timing.exit_code == 0);
      CHECK(functional.report["cycles"] == timing.report["cycles"]);
    }
  }
}

TEST_CASE("a softmax kernel that multiplies instead of dividing fails its check",
          "[kernels][vector][check]") {
  std::string text = npu::test::slurp(kernel("softmax_fp16"));
  const std::string from = "vdiv.f32 x12, x12, x20, x11, x27";
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from)) {
    text.replace(pos, from.size(), "vmul.f32 x12, x12, x20, x11, x27");
  }
  auto bad = npu::test::scratch_dir() / "softmax_wrong.s";
  std::ofstream(bad) << text;
  auto r = npuemu("run --arch " + src(kConfigs[0]) + " --kernel " + bad.string() +
                  " --workload softmax --shape R=8,L=100 --check");
  CHECK(r.exit_code == 2);
  CHECK(r.report["check"]["status"] == "fail");
}

TEST_CASE("vector workloads reject bad shapes with exit code 1", "[kernels][vector][cli]") {
  const std::pair<const char*, const char*> cases[] = {
      {"eltwise", "L=0,OP=add"}, {"eltwise", "L=10,OP=div"}, {"eltwise", "OP=add"},
      {"softmax", "R=4,L=9000"}, {"softmax", "R=4"},         {"softmax", "R=4,L=8,K=2"}};
  for (auto [w, shape] : cases) {
    INFO(w << " " << shape);
    auto r = run(kConfigs[0], std::string(w) == "eltwise" ? "eltwise_fp16" : "softmax_fp16", w,
                 shape, "", false);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("--shape") != std::string::npos);
  }
}
