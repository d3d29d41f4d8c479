// The Perfetto/Chrome trace: its structure (a process per core, a track per pipe named as
// Huawei's simulator names them, a slice per instruction with mnemonic, operands and source line,
// flow arrows from each set_flag to the wait_flag it releases, chip counters), checked with a
// JSON parser; the pipes overlap in the optimised GEMM; window and core filters; faulting runs.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "run_npuemu.h"

using nlohmann::json;
using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

struct Slice {
  int pid, tid;
  double ts, dur;
  std::string name;
};

json run_trace(const std::string& extra, int expect_exit = 0, const std::string& k = "gemm_fp16") {
  auto path = npu::test::scratch_dir() / "trace.json";
  std::filesystem::remove(path);
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " + kernel(k) +
                  " --timing-only --trace " + path.string() + " " + extra);
  REQUIRE(r.exit_code == expect_exit);
  REQUIRE(std::filesystem::exists(path));
  return json::parse(npu::test::slurp(path));
}

std::map<int, std::string> track_names(const json& t, int pid) {
  std::map<int, std::string> out;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == pid) {
      out[e["tid"].get<int>()] = e["args"]["name"].get<std::string>();
    }
  }
  return out;
}

std::vector<Slice> slices(const json& t) {
  std::vector<Slice> out;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "X") {
      out.push_back({e["pid"], e["tid"], e["ts"], e["dur"], e["name"]});
    }
  }
  return out;
}

// Busy time of `a` (microseconds) during which some non-wait slice of `b` also runs.
double overlap(const std::vector<Slice>& s, int tid_a, int tid_b) {
  double both = 0;
  for (const Slice& x : s) {
    if (x.tid != tid_a || x.name == "wait_flag") continue;
    for (const Slice& y : s) {
      if (y.tid != tid_b || y.name == "wait_flag") continue;
      both += std::max(0.0, std::min(x.ts + x.dur, y.ts + y.dur) - std::max(x.ts, y.ts));
    }
  }
  return both;
}

}  // namespace

TEST_CASE(
    "the trace has a process per core, a track per pipe, a slice per instruction and "
    "a flow arrow per released flag",
    "[kernels][trace]") {
  json t = run_trace("--shape M=512,N=512,K=1024 --cores 1");
  REQUIRE(t["traceEvents"].is_array());
  std::map<int, std::string> tracks = track_names(t, 1);
  std::map<std::string, int> tid;
  for (auto& [id, name] : tracks) tid[name] = id;
  for (const char* name : {"SCALAR", "VECTOR", "CUBE", "MTE1", "MTE2", "MTE3", "FIXP"}) {
    CHECK(tid.count(name) == 1);
  }
  std::vector<Slice> s = slices(t);
  std::map<std::string, int> per_track;
  for (const Slice& x : s) ++per_track[tracks[x.tid]];
  CHECK(per_track["CUBE"] > 0);
  CHECK(per_track["MTE2"] > 0);
  CHECK(per_track["FIXP"] > 0);
  for (const json& e : t["traceEvents"]) {  // every slice names its instruction
    if (e["ph"] != "X") continue;
    REQUIRE(e["args"].contains("source"));
    if (tracks[e["tid"]] == "CUBE" && e["name"] != "wait_flag" && e["name"] != "set_flag") {
      CHECK(e["name"].get<std::string>().rfind("mmad", 0) == 0);
      CHECK(e["args"]["source"].get<std::string>().find("gemm_fp16.s:") != std::string::npos);
      CHECK(!e["args"]["operands"].get<std::string>().empty());
      CHECK(!e["args"]["values"].get<std::string>().empty());
    }
  }
  // Flows: each end has its start; the start sits in a set_flag slice, the end in a wait_flag
  // slice (of the pipe that waited), and the arrow goes forward in time.
  std::map<uint64_t, json> starts, ends;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "s") starts[e["id"]] = e;
    if (e["ph"] == "f") ends[e["id"]] = e;
  }
  CHECK(ends.size() > 50);
  // every flag: each wait_flag has the arrow of the set_flag that released it
  size_t waits = 0, sets = 0;
  for (const Slice& x : s) {
    waits += x.name == "wait_flag";
    sets += x.name == "set_flag";
  }
  CHECK(ends.size() == waits);
  CHECK(starts.size() == sets);
  auto enclosing = [&](const json& ev) -> std::string {
    for (const Slice& x : s) {
      const double ts = ev["ts"];
      if (x.pid == ev["pid"] && x.tid == ev["tid"] && ts > x.ts + 1e-7 &&
          ts < x.ts + x.dur - 1e-7) {
        return x.name;
      }
    }
    return "";
  };
  for (auto& [id, f] : ends) {
    REQUIRE(starts.count(id) == 1);
    const json& st = starts[id];
    CHECK(st["ts"].get<double>() <= f["ts"].get<double>());
    CHECK(enclosing(st) == "set_flag");
    CHECK(enclosing(f) == "wait_flag");
  }
  // Counter tracks: the clock and the HBM bandwidth.
  std::set<std::string> counters;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "C") counters.insert(e["name"]);
  }
  CHECK(counters.count("clock") == 1);
  CHECK(counters.count("HBM bandwidth") == 1);
  // The optimised kernel overlaps the cube with the loads.
  CHECK(overlap(s, tid["CUBE"], tid["MTE2"]) > 0);
  CHECK(overlap(s, tid["CUBE"], tid["MTE1"]) > 0);
  auto dir = npu::test::scratch_dir();
  CHECK(npu::test::plot_renders("plot_trace", (dir / "trace.json").string(), dir / "trace.png"));
}

TEST_CASE("the naive GEMM's trace shows the pipes one at a time", "[kernels][trace]") {
  json t = run_trace("--shape M=256,N=256,K=512 --cores 1", 0, "gemm_fp16_naive");
  std::map<std::string, int> tid;
  for (auto& [id, name] : track_names(t, 1)) tid[name] = id;
  std::vector<Slice> s = slices(t);
  CHECK(overlap(s, tid["CUBE"], tid["MTE2"]) < 1e-6);
}

TEST_CASE("a time window and a core filter keep the trace small", "[kernels][trace]") {
  const std::string shape = "--shape M=512,N=512,K=2048 --cores 2";
  const size_t full = slices(run_trace(shape)).size();
  json w = run_trace(shape + " --trace-window 20us:30us --trace-cores 1");
  std::vector<Slice> s = slices(w);
  CHECK(!s.empty());
  CHECK(s.size() < full / 4);
  for (const Slice& x : s) {
    CHECK(x.pid == 2);  // core 1
    CHECK(x.ts <= 30.0);
    CHECK(x.ts + x.dur >= 20.0);
  }
  for (const json& e : w["traceEvents"]) {
    if (e["ph"] == "C") CHECK(e["ts"].get<double>() >= 20.0);
  }
  auto bad =
      npuemu("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
             " --shape M=64,N=64,K=64 --timing-only --trace /tmp/x.json --trace-window 5:3us");
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("--trace-window") != std::string::npos);
}

TEST_CASE("a run that faults still writes its trace, up to the fault", "[kernels][trace]") {
  auto path = npu::test::scratch_dir() / "fault_trace.json";
  std::filesystem::remove(path);
  auto r = npuemu("run --arch " + seed_chip() + " --kernel " +
                  npu::test::src("tests/kernels/faults/deadlock.s") +
                  " --shape M=64,N=64,K=64 --timing-only --trace " + path.string());
  CHECK(r.exit_code == 2);
  REQUIRE(std::filesystem::exists(path));
  json t = json::parse(npu::test::slurp(path));
  CHECK(t["traceEvents"].size() > 0);
}
