// The tensor-core (H100) Perfetto trace, checked with a JSON parser: per SM a process with a track
// per warp role and per engine (TMA, TENSOR, SIMT), a slice per instruction with mnemonic,
// operands and source line, and flow arrows from every mbarrier arrival (mbar.arrive /
// mbar.arrive_tx on a role's track, the TMA load's bytes on the TMA track) to each mbar.wait its
// phase released, and from the wgmma that completed a group to the wgmma.wait that blocked on it;
// counters for the clock, the HBM bandwidth and the power; core filter and window.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "run_npuemu.h"

using nlohmann::json;
using npu::test::npuemu;
using npu::test::src;

namespace {

json run_trace(const std::string& extra) {
  auto path = npu::test::scratch_dir() / "tc_trace.json";
  std::filesystem::remove(path);
  auto r = npuemu("run --arch " + src("configs/h100-sxm5.yaml") + " --kernel " +
                  src("firmware/kernels/tensorcore/gemm_fp16.s") + " --timing-only --trace " +
                  path.string() + " " + extra);
  REQUIRE(r.exit_code == 0);
  REQUIRE(std::filesystem::exists(path));
  return json::parse(npu::test::slurp(path));
}

struct Slice {
  int pid, tid;
  double ts, dur;
  std::string name;
  json args;
};

std::vector<Slice> slices(const json& t) {
  std::vector<Slice> out;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "X")
      out.push_back({e["pid"], e["tid"], e["ts"], e["dur"], e["name"], e["args"]});
  }
  return out;
}

// process name -> pid, and per pid track name -> tid
struct Layout {
  std::map<std::string, int> pid;
  std::map<int, std::map<std::string, int>> tid;
  std::map<int, std::map<int, std::string>> track;
};

Layout layout(const json& t) {
  Layout l;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] != "M") continue;
    if (e["name"] == "process_name") l.pid[e["args"]["name"]] = e["pid"];
    if (e["name"] == "thread_name") {
      l.tid[e["pid"]][e["args"]["name"]] = e["tid"];
      l.track[e["pid"]][e["tid"]] = e["args"]["name"];
    }
  }
  return l;
}

const Slice* enclosing(const std::vector<Slice>& s, const json& ev) {
  const double ts = ev["ts"];
  for (const Slice& x : s) {
    if (x.pid == ev["pid"] && x.tid == ev["tid"] && ts > x.ts + 1e-7 && ts < x.ts + x.dur - 1e-7) {
      return &x;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE(
    "an H100 GEMM's trace has a process per SM, tracks per warp role and engine, and a flow "
    "from each mbarrier arrival to the waits its phase released",
    "[kernels][trace][tensorcore]") {
  // 2 x 2 output tiles of 128 x 256 over 2 SMs, 8 K chunks each through the 4-stage ring
  json t = run_trace("--shape M=256,N=512,K=512 --cores 2 --cluster 1");
  Layout l = layout(t);
  REQUIRE(l.pid.count("sm 0") == 1);
  REQUIRE(l.pid.count("sm 1") == 1);
  const int pid = l.pid["sm 0"];
  for (const char* name : {"producer", "consumer0", "consumer1", "TMA", "TENSOR", "SIMT"}) {
    CHECK(l.tid[pid].count(name) == 1);
  }
  std::vector<Slice> s = slices(t);
  std::map<std::string, std::multiset<std::string>> names;  // track -> slice names (sm 0)
  for (const Slice& x : s) {
    if (x.pid == pid) names[l.track[pid][x.tid]].insert(x.name);
    INFO(x.name);
    CHECK(x.args.contains("source"));
    CHECK(x.args["source"].get<std::string>().find("gemm_fp16.s:") != std::string::npos);
    CHECK(x.args.contains("operands"));
  }
  CHECK(names["TENSOR"].count("wgmma.f16") > 0);
  CHECK(names["TENSOR"].count("wgmma.init.f16") > 0);
  CHECK(names["TMA"].count("tma.load") == 8 * 2);     // A per chunk, 2 tiles per SM
  CHECK(names["TMA"].count("tma.load.mc") == 8 * 2);  // B (multicast to the cluster of 1)
  CHECK(names["SIMT"].count("epi.ab.f16") == 2 * 2);  // each consumer's half of 2 tiles
  CHECK(names["producer"].count("mbar.arrive_tx") == 16);
  CHECK(names["producer"].count("mbar.wait") == 16);
  CHECK(names["consumer0"].count("mbar.wait") == 16);
  CHECK(names["consumer1"].count("mbar.arrive.cluster") == 16);
  for (const Slice& x : s) {  // engine slices carry the register values they ran with
    const bool tma = x.name.rfind("tma.load", 0) == 0;
    if (tma || (x.name.rfind("wgmma", 0) == 0 && x.name != "wgmma.wait")) {
      CHECK(!x.args["values"].get<std::string>().empty());
    }
  }

  // Flows: each end has its start, forward in time; a start sits in an arrival (mbar.arrive,
  // mbar.arrive.cluster, mbar.arrive_tx) or a TMA load, an end in an mbar.wait of the same
  // mbarrier.
  std::map<uint64_t, json> starts, ends;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "s") starts[e["id"]] = e;
    if (e["ph"] == "f") ends[e["id"]] = e;
  }
  std::map<const Slice*, std::multiset<std::string>> into;  // wait slice -> where arrows come from
  for (auto& [id, f] : ends) {
    REQUIRE(starts.count(id) == 1);
    const json& st = starts[id];
    CHECK(st["pid"] == f["pid"]);
    CHECK(st["ts"].get<double>() <= f["ts"].get<double>());
    const Slice* from = enclosing(s, st);
    const Slice* to = enclosing(s, f);
    REQUIRE(from != nullptr);
    REQUIRE(to != nullptr);
    if (to->name == "wgmma.wait") {  // a consumer blocked until its oldest group was done
      CHECK(from->name.rfind("wgmma", 0) == 0);
      CHECK(l.track[from->pid][from->tid] == "TENSOR");
      CHECK(l.track[to->pid][to->tid].rfind("consumer", 0) == 0);
    } else {
      CHECK(to->name == "mbar.wait");
      const bool tma = from->name.rfind("tma.load", 0) == 0;
      CHECK((from->name.rfind("mbar.arrive", 0) == 0 || tma));
      if (!tma) CHECK(from->args["sync"] == to->args["sync"]);
    }
    into[to].insert(from->name);
  }
  // Each wgmma.wait that blocked has one arrow: from the last wgmma of the group it waited for.
  int wgmma_waits = 0;
  for (const Slice& x : s) {
    if (x.name != "wgmma.wait") continue;
    ++wgmma_waits;
    CHECK(into[&x].size() == 1);
  }
  CHECK(wgmma_waits > 0);
  // Every wait that a completed phase released gets every arrival of that phase: a FULL stage
  // (mbarriers 0-3) one arrive_tx and two TMA loads, an EMPTY stage (4-7) both consumers' arrive.
  int full = 0, empty = 0;
  for (const Slice& x : s) {
    if (x.name != "mbar.wait" || !x.args.contains("phase")) continue;
    const int bar = std::stoi(x.args["sync"].get<std::string>().substr(9));  // "mbarrier N"
    INFO(x.args.dump());
    if (bar < 4) {
      ++full;
      CHECK(into[&x] == std::multiset<std::string>{"mbar.arrive_tx", "tma.load", "tma.load.mc"});
    } else {
      ++empty;
      CHECK(into[&x] == std::multiset<std::string>{"mbar.arrive.cluster", "mbar.arrive.cluster"});
    }
  }
  CHECK(full == 2 * 2 * 16);  // both SMs, both consumers, 16 chunks
  CHECK(empty == 2 * 12);     // the producer's waits after each stage's first use
  // Slices on one track never partly overlap (viewers nest slices of a track by time).
  std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> per_track;
  for (const Slice& x : s) per_track[{x.pid, x.tid}].push_back({x.ts, x.ts + x.dur});
  for (auto& [track, spans] : per_track) {
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i) {
      INFO("pid " << track.first << " tid " << track.second << " at " << spans[i].first);
      const bool after = spans[i].first >= spans[i - 1].second - 1e-9;
      const bool inside = spans[i].second <= spans[i - 1].second + 1e-9;
      CHECK((after || inside));
    }
  }
  // Counter tracks: clock, HBM bandwidth, power.
  std::set<std::string> counters;
  for (const json& e : t["traceEvents"]) {
    if (e["ph"] == "C") counters.insert(e["name"]);
  }
  CHECK(counters == std::set<std::string>{"clock", "HBM bandwidth", "power"});
  auto dir = npu::test::scratch_dir();
  CHECK(npu::test::plot_renders("plot_trace", (dir / "tc_trace.json").string() + " --core 0",
                                dir / "tc_trace.png"));
}

TEST_CASE("a core filter and a time window select SMs and a window of the H100 trace",
          "[kernels][trace][tensorcore]") {
  const std::string shape = "--shape M=256,N=512,K=512 --cores 2";
  const size_t full = slices(run_trace(shape)).size();
  json w = run_trace(shape + " --trace-window 3us:6us --trace-cores 1");
  Layout l = layout(w);
  CHECK(l.pid.count("sm 0") == 0);
  REQUIRE(l.pid.count("sm 1") == 1);
  std::vector<Slice> s = slices(w);
  CHECK(!s.empty());
  CHECK(s.size() < full / 3);
  for (const Slice& x : s) {
    CHECK(x.pid == l.pid["sm 1"]);
    CHECK(x.ts + x.dur >= 3.0);
    CHECK(x.ts <= 6.0);
  }
}
