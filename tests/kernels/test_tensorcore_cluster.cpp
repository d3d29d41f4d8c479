// Thread-block clusters end to end (firmware/ISA.md "Clusters"): gemm_fp16.s with CTA pairs
// sharing B through TMA multicast stays bit for bit on odd shapes (edge tiles, an odd count of
// tiles along M, K not a multiple of 64, both output types, several seeds, clusters of 2, 4 and
// 8); the host plan picks cluster 2 where the L2 share bounds the tile (tb/npuemu/host_tiling.h)
// and shows it in the report's launch; bad cluster launches are refused with exit code 1 and
// bad cluster instructions are firmware faults (exit code 2).
#include <catch2/catch.hpp>
#include <fstream>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

std::string h100() { return src("configs/h100-sxm5.yaml"); }

std::string gemm(const std::string& shape, const std::string& extra) {
  return "run --arch " + h100() + " --kernel " + src("firmware/kernels/tensorcore/gemm_fp16.s") +
         " --shape " + shape + " " + extra;
}

// the plan only: a run stopped at once by a cycle budget still reports its launch
nlohmann::json plan(const std::string& size, const std::string& mhz) {
  auto r = npuemu(gemm("M=" + size + ",N=" + size + ",K=" + size,
                       "--timing-only --max-cycles 100 --freq-mhz " + mhz));
  REQUIRE(r.report.is_object());
  return r.report["launch"];
}

}  // namespace

TEST_CASE("gemm_fp16 in clusters is bit exact on odd shapes", "[kernels][tensorcore][cluster]") {
  struct Case {
    const char* shape;
    const char* extra;
  };
  // 300 rows in 128-row tiles: 3 tiles along M, the last pair's second tile is past M;
  // K = 100 / 129 / 70: partial chunks, some B parts entirely past K
  for (const Case& c :
       {Case{"M=300,N=200,K=100", "--cores 4 --cluster 2 --seed 3"},
        Case{"M=129,N=577,K=300", "--cores 2 --cluster 2 --out-dtype fp32"},
        Case{"M=385,N=264,K=129", "--cores 6 --cluster 2 --seed 7"},
        Case{"M=700,N=300,K=200", "--cores 8 --cluster 4 --seed 5 --out-dtype fp32"},
        Case{"M=520,N=130,K=70", "--cores 8 --cluster 8 --seed 9"}}) {
    INFO(c.shape << " " << c.extra);
    auto r = npuemu(gemm(c.shape, std::string("--check ") + c.extra));
    REQUIRE(r.exit_code == 0);
    CHECK(r.report["check"]["status"] == "pass");
    const uint64_t cl = r.report["launch"]["cluster"].get<uint64_t>();
    CHECK(cl > 1);
    CHECK(r.report["launch"]["grid"].get<uint64_t>() % cl == 0);
  }
}

TEST_CASE("the plan picks cluster 2 at the full clock and cluster 1 where the port bounds",
          "[kernels][tensorcore][cluster]") {
  auto l = plan("2048", "1980");
  CHECK(l["cluster"] == 2);
  CHECK(l["grid"].get<uint64_t>() % 2 == 0);
  CHECK(plan("2048", "1293")["cluster"] == 1);  // the L2 share matches the 46 B/clk port
  CHECK(plan("8192", "1293")["cluster"] == 1);  // compute-bound 192 x 256 tiles
}

TEST_CASE("cluster 2 halves the L2 reads of B", "[kernels][tensorcore][cluster]") {
  const std::string shape = "M=2048,N=512,K=2048";
  auto one = npuemu(gemm(shape, "--timing-only --freq-mhz 1293 --cluster 1"));
  auto two = npuemu(gemm(shape, "--timing-only --freq-mhz 1293 --cluster 2"));
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  const auto& l = two.report["launch"];
  REQUIRE(one.report["launch"]["tile_n"] == l["tile_n"]);
  REQUIRE(one.report["launch"]["tile_m"] == l["tile_m"]);
  // per chunk and CTA A is TILE_M x 128 bytes, B 128 x TILE_N; a pair reads B once, so the L2
  // moves (TILE_M + TILE_N / 2) / (TILE_M + TILE_N) of the loads, while every SM's SMEM still
  // receives all of it
  const double tm = l["tile_m"].get<double>(), tn = l["tile_n"].get<double>();
  auto loads = [](const nlohmann::json& rep) {  // the L2 bytes less the epilogue's stores
    return rep["bytes"]["l2"].get<double>() - rep["activity"]["epi_store_bytes"].get<double>();
  };
  CHECK(loads(two.report) / loads(one.report) == Approx((tm + tn / 2) / (tm + tn)).epsilon(0.01));
  CHECK(two.report["activity"]["smem_write_bytes"] == one.report["activity"]["smem_write_bytes"]);
  CHECK(two.report["activity"]["tma_load_bytes"].get<double>() / loads(two.report) ==
        Approx(1).epsilon(0.01));
}

TEST_CASE("bad cluster launches are refused with exit code 1", "[kernels][tensorcore][cluster]") {
  auto copy = "run --arch " + h100() + " --kernel " + src("firmware/kernels/tensorcore/copy.s") +
              " --workload copy --shape BYTES=4096 ";
  auto r = npuemu(copy + "--cores 3 --cluster 2");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("not a multiple of the cluster size 2") != std::string::npos);
  r = npuemu(copy + "--cores 16 --cluster 16");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("sm.cluster.max") != std::string::npos);
  r = npuemu(gemm("M=64,N=64,K=64", "--cores 1 --cluster 2"));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("at least 2 SMs") != std::string::npos);
}

TEST_CASE("bad cluster instructions are firmware faults", "[kernels][tensorcore][cluster]") {
  auto dir = npu::test::scratch_dir();
  auto write = [&](const std::string& name, const std::string& body) {
    auto p = dir / name;
    std::ofstream(p) << ".target tensorcore\n.kernel bad\n.param A ptr\n.param B ptr\n"
                        ".param C ptr\n.param M u32\n.param N u32\n.param K u32\n"
                        "li x1, 0\nli x2, 1\nmbar.init x1, x2\ncluster.sync\nldp x6, A\n"
                        "li x4, 1\nli x5, 64\n"
                     << body << "\ncluster.sync\nhalt\n";
    return p.string();
  };
  struct Case {
    const char* name;
    const char* body;
    const char* words;
  };
  for (const Case& c : {
           // mask 0b100 names rank 2 of a cluster of 2
           Case{"mask.s", "li x7, 262144\ntma.load.mc x0, x6, x4, x5, x5, x7",
                "outside the cluster of 2"},
           Case{"empty_mask.s", "li x7, 0\ntma.load.mc x0, x6, x4, x5, x5, x7", "empty CTA mask"},
           // a box at 228 KiB - 32 overflows every destination's SMEM
           Case{"smem.s", "li x8, 233440\nli x7, 196608\ntma.load.mc x8, x6, x4, x5, x5, x7",
                "cluster CTA"},
           Case{"rank.s", "li x9, 2\nmbar.arrive.cluster x1, x9", "rank 2 is outside the cluster"},
           // rank 1 halts at once (no closing cluster.sync); rank 0 then writes to it
           Case{"exited_mc.s",
                "rsr x20, cluster_rank\nbeq x20, x0, go\nhalt\ngo:\nli x10, 50\n"
                "spin:\naddi x10, x10, -1\nbne x10, x0, spin\n"
                "li x7, 196608\ntma.load.mc x0, x6, x4, x5, x5, x7",
                "cluster CTA 1 has already exited"},
           Case{"exited_arrive.s",
                "rsr x20, cluster_rank\nbeq x20, x0, go\nhalt\ngo:\nli x10, 50\n"
                "spin:\naddi x10, x10, -1\nbne x10, x0, spin\n"
                "li x9, 1\nmbar.arrive.cluster x1, x9",
                "cluster CTA 1 has already exited"},
       }) {
    INFO(c.name);
    auto r = npuemu("run --arch " + h100() + " --kernel " + write(c.name, c.body) +
                    " --shape M=64,N=64,K=64 --cores 2 --cluster 2");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.words) != std::string::npos);
  }
}
