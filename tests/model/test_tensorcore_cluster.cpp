// Thread-block clusters on the tensor-core chip (systemc/tensorcore/cluster.h): a TMA multicast
// reads the L2 once and lands in every destination CTA's SMEM and same-index mbarrier; each
// destination's ingress port (sm.tma.port) carries all of it; the CTAs of a cluster start
// together; a remote mbarrier arrive lands sm.cluster.latency later; a grid that is not a whole
// number of clusters is refused. Each TEST_CASE runs in its own process (SystemC elaborates once).
#include <catch2/catch.hpp>
#include <string>

#include "run_one.h"

namespace {

using npu::model::RunResult;

npu::config::ChipConfig h100() { return npu::test::load_config("h100-sxm5.yaml"); }

// A chip of `sms` SMs running `body` (after the CTA directives `claims`) with a grid of `grid`
// CTAs in clusters of `cluster`.
npu::model::Chip* make_chip(const npu::config::ChipConfig& cfg, const std::string& body,
                            uint32_t sms, uint32_t grid, uint32_t cluster,
                            const std::string& claims = "") {
  static npu::as::AsmResult asm_result;  // outlives the chip (SystemC objects are never freed)
  asm_result = npu::as::assemble_source(
      ".target tensorcore\n.kernel t\n.param A ptr\n" + claims + body, "t.s");
  INFO(body);
  REQUIRE(asm_result.image);
  auto* chip = new npu::model::Chip("chip", cfg, *asm_result.image, cfg.freq_mhz, sms, {});
  REQUIRE(chip->bind("A", chip->gm().allocate("A", 1 << 20)).empty());
  chip->set_block_dim(grid);
  chip->set_cluster_dim(cluster);
  return chip;
}

// Every CTA: mbarrier 0 expects one arrival and 64 x 1024 bytes; then `load` (rank in x20);
// waits for the phase and passes a cluster.sync before halting.
std::string with_load(const std::string& load) {
  return "rsr x20, cluster_rank\nli x1, 0\nli x2, 1\nmbar.init x1, x2\ncluster.sync\n"
         "li x3, 65536\nmbar.arrive_tx x1, x3\nli x4, 64\nli x5, 1024\nldp x6, A\n" +
         load + "\nwait:\nmbar.wait x1, x0\ncluster.sync\nhalt\n";
}

// rank 0 multicasts one 64 KiB box to both CTAs (mask 0b11, mbarrier 0)
const std::string kMulticast =
    with_load("bne x20, x0, wait\nli x7, 196608\ntma.load.mc x0, x6, x4, x5, x5, x7");

}  // namespace

TEST_CASE("a multicast reads the L2 once, writes both SMEMs and completes both mbarriers",
          "[model][tensorcore][cluster]") {
  auto cfg = h100();
  const RunResult r = make_chip(cfg, kMulticast, 2, 2, 2)->run();
  REQUIRE(r.completed);  // both CTAs' mbarrier phases completed (else: deadlock)
  CHECK(r.engines.at("TMA").instructions == 1);
  CHECK(r.l2_bytes == 65536);                          // once, not once per destination
  CHECK(r.activity.at("tma_load_bytes") == 65536);     // GM side once
  CHECK(r.activity.at("smem_write_bytes") == 131072);  // each destination's SMEM
  // both ingress ports carry all of it: at least 64 KiB / sm.tma.port cycles
  CHECK(static_cast<double>(r.cycles) >
        cfg.launch_cycles + 65536 / cfg.sm.tma_port_bytes_per_cycle + cfg.sm.tma_latency_cycles);
}

TEST_CASE("without multicast each CTA's own load reads the L2 again",
          "[model][tensorcore][cluster]") {
  auto cfg = h100();
  const RunResult r =
      make_chip(cfg, with_load("li x7, 0\ntma.load x0, x6, x4, x5, x5, x7"), 2, 2, 2)->run();
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 2 * 65536);
  CHECK(r.activity.at("smem_write_bytes") == 131072);
}

TEST_CASE("a multicast shares the destination's ingress port with its own load",
          "[model][tensorcore][cluster]") {
  // rank 0 multicasts 64 KiB to both; rank 1 loads another 64 KiB of its own into SMEM 64 KiB
  // (its barrier expects both): rank 1's port carries 128 KiB
  auto cfg = h100();
  const std::string body =
      "rsr x20, cluster_rank\nli x1, 0\nli x2, 1\nmbar.init x1, x2\ncluster.sync\n"
      "li x3, 65536\nli x4, 64\nli x5, 1024\nldp x6, A\nbne x20, x0, own\n"
      "mbar.arrive_tx x1, x3\nli x7, 196608\ntma.load.mc x0, x6, x4, x5, x5, x7\njmp wait\n"
      "own:\nli x3, 131072\nmbar.arrive_tx x1, x3\nli x8, 65536\nadd x9, x6, x8\n"
      "tma.load x8, x9, x4, x5, x5, x0\n"
      "wait:\nmbar.wait x1, x0\ncluster.sync\nhalt\n";
  const RunResult r = make_chip(cfg, body, 2, 2, 2)->run();
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 2 * 65536);
  CHECK(static_cast<double>(r.cycles) >
        cfg.launch_cycles + 131072 / cfg.sm.tma_port_bytes_per_cycle + cfg.sm.tma_latency_cycles);
}

TEST_CASE("the CTAs of a cluster start together (gang start)", "[model][tensorcore][cluster]") {
  // 2 SMs, 2 clusters of 2: block 0 (rank 0 of cluster 0) and block 3 (rank 1 of cluster 1)
  // spin 2000 instructions, the others halt. Gang start: cluster 1 starts when block 0 is done,
  // so the spins run one after the other.
  auto cfg = h100();
  const std::string body =
      "rsr x1, block_idx\nli x2, 0\nbeq x1, x2, spin\nli x2, 3\nbeq x1, x2, spin\nhalt\n"
      "spin:\nli x3, 1000\nloop:\naddi x3, x3, -1\nbne x3, x0, loop\nhalt\n";
  const RunResult r = make_chip(cfg, body, 2, 4, 2)->run();
  REQUIRE(r.completed);
  const double spin = 2000 * cfg.sm.scalar_cycles_per_instr;
  CHECK(static_cast<double>(r.cycles) >=
        cfg.launch_cycles + 2 * (cfg.block_dispatch_cycles + spin));
}

TEST_CASE("a remote mbarrier arrive lands sm.cluster.latency later",
          "[model][tensorcore][cluster]") {
  // rank 1 arrives on rank 0's mbarrier 0 right after the start-up cluster.sync; rank 0 waits
  auto cfg = h100();
  const std::string body =
      "rsr x20, cluster_rank\nli x1, 0\nli x2, 1\nmbar.init x1, x2\ncluster.sync\n"
      "bne x20, x0, remote\nmbar.wait x1, x0\nhalt\nremote:\nmbar.arrive.cluster x1, x0\nhalt\n";
  const RunResult r = make_chip(cfg, body, 2, 2, 2)->run();
  REQUIRE(r.completed);
  // the cluster.sync and the remote arrival each take the SM-to-SM latency
  CHECK(static_cast<double>(r.cycles) >=
        cfg.launch_cycles + cfg.block_dispatch_cycles + 2 * cfg.sm.cluster_latency_cycles);
  CHECK(static_cast<double>(r.cycles) <=
        cfg.launch_cycles + cfg.block_dispatch_cycles + 2 * cfg.sm.cluster_latency_cycles + 60);
}

TEST_CASE("a grid that is not a whole number of clusters is refused before the run",
          "[model][tensorcore][cluster]") {
  auto cfg = h100();
  auto* chip = make_chip(cfg, "halt\n", 4, 3, 2);
  CHECK(chip->launch_error().find("not a multiple of the cluster size 2") != std::string::npos);
  chip->set_block_dim(4);
  CHECK(chip->launch_error().empty());
  chip->set_cluster_dim(cfg.sm.cluster_max + 1);
  CHECK(chip->launch_error().find("sm.cluster.max") != std::string::npos);
  chip->set_cluster_dim(8);
  chip->set_block_dim(8);
  CHECK(chip->launch_error().find("at least 8 SMs") != std::string::npos);
  CHECK_THROWS_AS(chip->run(), std::invalid_argument);
}

TEST_CASE("with two resident CTAs per SM each slot forms its own clusters",
          "[model][tensorcore][cluster]") {
  // 2 SMs, CTAs of 100 KiB SMEM (two per SM), 4 clusters of 2: rank 0 of each multicasts 64 KiB
  // to both; both slots' clusters run at once and each cluster reads the L2 once
  const auto cfg = h100();  // the chip keeps a reference: the config must outlive it
  auto* chip = make_chip(cfg, kMulticast, 2, 8, 2, ".smem 100 * 1024\n.rf 0\n");
  REQUIRE(chip->occupancy().ctas_per_sm == 2);
  const RunResult r = chip->run();
  REQUIRE(r.completed);
  CHECK(r.l2_bytes == 4 * 65536);
  CHECK(r.activity.at("smem_write_bytes") == 8 * 65536);
  CHECK(r.engines.at("TMA").instructions == 4);
}
