// Firmware faults of the cube-side instructions added for issue 3 (load3d, mmad.s8, fix.s8):
// exit code 2 and a report naming the fault kind, the pipe and the source line.
#include <catch2/catch.hpp>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::seed_chip;
using npu::test::src;

TEST_CASE("cube-side instruction faults end the run with a precise report", "[kernels][faults]") {
  struct Case {
    const char *file, *kind, *words, *thread;
  };
  const Case cases[] = {
      {"load3d_bad_geometry", "bad-shape", "stride 0", "MTE1"},
      {"load3d_l1_overflow", "buffer-out-of-range", "overflows L1", "MTE1"},
      {"mmad_s8_l0c_overflow", "buffer-out-of-range", "overflows L0C", "M"},
      {"fix_s8_gm_range", "gm-out-of-range", "outside every allocation", "FIX"},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    auto r = npuemu("run --arch " + seed_chip() + " --kernel " +
                    src(std::string("tests/kernels/faults/") + c.file + ".s") +
                    " --shape M=32,N=32,K=32 --cores 1");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(std::string("firmware fault: ") + c.kind) != std::string::npos);
    CHECK(r.err.find(c.words) != std::string::npos);
    REQUIRE(r.report.is_object());
    CHECK(r.report["fault"]["thread"] == c.thread);
    CHECK(r.report["fault"]["source"].get<std::string>().find(c.file) != std::string::npos);
  }
}
