// The rest of the firmware fault catalogue (issue 8) beyond test_faults.cpp: instruction budget,
// invalid shapes, UB overflow, halting with queued work, a two-pipe deadlock cycle
// (the report names what every thread and engine waits on), and the partial VCD of a faulting run.
// Each case asserts exit code 2, the fault kind and the key words of the report (core, thread, pc,
// instruction and file:line of the source where the fault has one instruction to blame).
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::seed_chip;
using npu::test::src;

namespace {

struct CatalogueCase {
  const char* file;
  const char* extra_args;
  const char* kind;
  std::vector<std::string> words;  // each must appear in stderr
  const char* thread;              // "" for whole-chip faults (deadlock)
  int line;                        // source line of the faulting instruction (0: none)
};

npu::test::CliRun run_fault(const CatalogueCase& c, const std::string& more = "") {
  return npuemu("run --arch " + seed_chip() + " --kernel " +
                src(std::string("tests/kernels/faults/") + c.file + ".s") +
                " --shape M=32,N=32,K=32 --cores 2 --max-cycles 2000000 " + c.extra_args + more);
}

}  // namespace

TEST_CASE("fault catalogue: each fault exits 2 and names kind, core, thread, pc, source line",
          "[kernels][faults]") {
  const CatalogueCase cases[] = {
      {"runaway",
       "--max-instructions 5000",
       "instruction-budget",
       {"instruction budget of 5000 exceeded", "jmp spin"},
       "scalar",
       13},
      {"bad_shape",
       "",
       "bad-shape",
       {"row stride ld=8 is smaller than cols=16", "nd2nz.f16 x2, x1, x3, x3, x4"},
       "MTE2",
       14},
      {"ub_overflow",
       "",
       "buffer-out-of-range",
       {"overflows UB", "gm2ub x1, x2, x3"},
       "MTE2",
       13},
      {"halt_queued",
       "",
       "deadlock",
       {"halt at pc 4: waiting for ALL to drain",
        "M: blocked in wait_flag MTE1->M id 1 (pc 2), 1 queued"},
       "",
       0},
      {"cross_deadlock",
       "",
       "deadlock",
       {"MTE1: blocked in wait_flag M->MTE1 id 1 (pc 0)",
        "M: blocked in wait_flag MTE1->M id 2 (pc 2)", "scalar: halt at pc 4"},
       "",
       0},
  };
  for (const CatalogueCase& c : cases) {
    INFO(c.file);
    npu::test::CliRun r = run_fault(c);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(std::string("firmware fault: ") + c.kind));
    for (const std::string& w : c.words) CHECK_THAT(r.err, Catch::Contains(w));
    REQUIRE(r.report.is_object());
    CHECK(r.report["completed"] == false);
    CHECK(r.report["fault"]["kind"] == c.kind);
    if (c.line > 0) {
      const std::string where = std::string(c.file) + ".s:" + std::to_string(c.line) + ":";
      CHECK(r.report["fault"]["thread"] == c.thread);
      CHECK(r.report["fault"]["core"].get<int>() >= 0);
      CHECK(r.report["fault"]["pc"].get<int>() >= 0);
      CHECK_FALSE(r.report["fault"]["instruction"].get<std::string>().empty());
      CHECK_THAT(r.report["fault"]["source"].get<std::string>(), Catch::Contains(where));
      CHECK_THAT(r.err, Catch::Contains(std::string("at core ")) &&
                            Catch::Contains(std::string(" ") + c.thread + " pc "));
    } else {
      CHECK(r.report["fault"]["states"].size() >= 2);  // every blocked thread and engine
    }
  }
}

TEST_CASE("fault catalogue: a faulting run still flushes its VCD trace under the final name",
          "[kernels][faults][vcd]") {
  const auto dir = npu::test::scratch_dir() / "vcd_fault";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto vcd = dir / "deadlock.vcd";
  const CatalogueCase c{"cross_deadlock", "", "deadlock", {}, "", 0};
  npu::test::CliRun r = run_fault(c, " --vcd " + vcd.string());
  CHECK(r.exit_code == 2);
  REQUIRE(std::filesystem::exists(vcd));
  const std::string text = npu::test::slurp(vcd);
  CHECK_THAT(text, Catch::Contains("$enddefinitions"));
  CHECK_THAT(text, Catch::Contains("$var wire") && Catch::Contains("queue"));
  CHECK_THAT(text, Catch::Contains("\n#"));  // at least one timestamp of value changes
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    CHECK(e.path() == vcd);  // no temporary left behind
  }
}

TEST_CASE("an interrupted run leaves no report or trace under the final name",
          "[kernels][faults][atomic]") {
  const auto dir = npu::test::scratch_dir() / "killed";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto report = dir / "r.json", vcd = dir / "t.vcd", out = dir / "c.npy";
  // An endless loop, killed (SIGKILL: no chance to clean up) while it runs.
  const std::string cmd = "timeout -s KILL 2 " + std::string(NPUEMU_PATH) + " run --arch " +
                          seed_chip() + " --kernel " + src("tests/kernels/faults/runaway.s") +
                          " --shape M=16,N=16,K=16 --cores 1 --report " + report.string() +
                          " --vcd " + vcd.string() + " --output C=" + out.string() +
                          " >/dev/null 2>&1";
  const int st = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(st) == 137);  // timeout's status for a KILLed child
  CHECK_FALSE(std::filesystem::exists(report));
  CHECK_FALSE(std::filesystem::exists(vcd));
  CHECK_FALSE(std::filesystem::exists(out));
}
