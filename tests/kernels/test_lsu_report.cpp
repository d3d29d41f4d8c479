// The SM's LSU as a user sees it: its own row in the report (instructions, busy cycles) and its
// own track in the Perfetto trace with a slice per ld/st instruction, next to TMA, TENSOR, SIMT.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::src;

TEST_CASE("LSU instructions get their own engine row in the report and track in the trace",
          "[kernels][tensorcore][lsu]") {
  const auto dir = npu::test::scratch_dir();
  const auto kernel = dir / "lsu_probe.s", trace = dir / "lsu_trace.json";
  std::ofstream(kernel) << R"(.target tensorcore
.kernel lsu_probe
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    ldp x1, A
    ldp x3, C
    li x5, 4
    li x6, 32
    ld.global x0, x1, x5, x5, x6
    st.shared x0, x0, x5, x5, x6
    ld.shared x0, x0, x5, x5, x6
    st.global x3, x0, x5, x5, x6
    halt
)";
  auto r = npuemu("run --arch " + src("configs/h100-sxm5.yaml") + " --kernel " + kernel.string() +
                  " --shape M=8,N=16,K=8 --timing-only --cores 1 --trace " + trace.string());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto& lsu = r.report["engines"]["LSU"];
  CHECK(lsu["instructions"] == 4);
  CHECK(lsu["busy_cycles"].get<double>() > 0);
  CHECK(r.out.find("LSU") != std::string::npos);
  const auto t = nlohmann::json::parse(npu::test::slurp(trace));
  const auto& events = t.is_object() ? t["traceEvents"] : t;
  std::set<std::string> tracks, slices;
  for (const auto& e : events) {
    if (e.value("ph", "") == "M" && e.value("name", "") == "thread_name") {
      tracks.insert(e["args"]["name"].get<std::string>());
    }
    if (e.value("ph", "") == "X") slices.insert(e.value("name", ""));
  }
  CHECK(tracks.count("LSU") == 1);
  for (const char* mn : {"ld.global", "st.shared", "ld.shared", "st.global"})
    CHECK(slices.count(mn));
}
