// Firmware faults (DESIGN section 4): each broken kernel under tests/kernels/faults/ stops the run
// with exit code 2 and a report naming the fault kind, core, thread, pc, instruction and source
// line; never a host crash or hang.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::seed_chip;
using npu::test::src;

namespace {

struct FaultCase {
  const char* file;
  const char* kind;
  const char* words;  // must appear in stderr
  const char* thread;
};

const FaultCase kCases[] = {
    {"l1_overflow", "buffer-out-of-range", "overflows L1", "MTE2"},
    {"l0a_misaligned", "buffer-misaligned", "not 512-byte aligned", "MTE1"},
    {"gm_out_of_range", "gm-out-of-range", "outside every allocation", "MTE2"},
    {"mmad_shape_overflow", "buffer-out-of-range", "overflows L0C", "M"},
    {"deadlock", "deadlock", "blocked in wait_flag MTE1->M id 3", ""},
    {"runaway", "cycle-budget", "cycle budget", ""},
    {"divide_by_zero", "divide-by-zero", "division by zero", "scalar"},
    {"unconsumed_flag", "unconsumed-flag", "MTE2->MTE1 id 2", "scalar"},
    {"scalar_memory", "scalar-memory", "out of range", "scalar"},
};

}  // namespace

TEST_CASE("every firmware fault ends the run with exit code 2 and a precise report",
          "[kernels][faults]") {
  for (const FaultCase& c : kCases) {
    INFO(c.file);
    auto r = npuemu("run --arch " + seed_chip() + " --kernel " +
                    src(std::string("tests/kernels/faults/") + c.file + ".s") +
                    " --shape M=32,N=32,K=32 --cores 2 --max-cycles 2000000");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(std::string("firmware fault: ") + c.kind) != std::string::npos);
    CHECK(r.err.find(c.words) != std::string::npos);
    REQUIRE(r.report.is_object());
    CHECK(r.report["fault"]["kind"] == c.kind);
    CHECK(r.report["completed"] == false);
    if (std::string(c.thread).size()) {
      CHECK(r.report["fault"]["thread"] == c.thread);
      CHECK(r.report["fault"]["core"].get<int>() >= 0);
      CHECK(r.report["fault"]["pc"].get<int>() >= 0);
      CHECK(r.report["fault"]["source"].get<std::string>().find(c.file) != std::string::npos);
    }
  }
}
