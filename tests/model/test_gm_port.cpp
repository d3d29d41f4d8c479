// GM port contracts (davinci.md 1.4/1.5, DESIGN section 12 "Memory system"):
//  * the engines of one core share its GM port: on the split 910B core an AIC MTE2 streaming
//    while both AIVs' MTE2s stream gets a third of core.gm_port.read, not its own port rate;
//    a coupled core's MTE3 and FIX writing together share core.gm_port.write;
//  * requests from several cores to one L2 line are served one after another: N cores reading
//    the same bytes at once finish (N - 1) x core.gm_port.same_line later than N cores reading
//    disjoint bytes;
//  * core.mte2.outstanding requests in flight hide the MTE2 head of queued independent copies,
//    but not of a copy that waits on a flag released by the previous copy's consumer.
// Each TEST_CASE is one run (one SystemC elaboration per process).
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "run_one.h"

namespace {

using npu::test::load_config;

npu::model::RunResult run_cores(const npu::config::ChipConfig& cfg, uint32_t cores,
                                const std::string& body) {
  static npu::as::AsmResult asm_result;  // outlives the chip (SystemC objects are never freed)
  asm_result = npu::as::assemble_source(".target davinci\n.kernel t\n.param A ptr\n" + body, "t.s");
  INFO(body);
  REQUIRE(asm_result.image);
  auto* chip = new npu::model::Chip("chip", cfg, *asm_result.image, cfg.freq_mhz, cores, {});
  REQUIRE(chip->bind("A", chip->gm().allocate("A", 1 << 20)).empty());
  auto r = chip->run();
  REQUIRE(r.completed);
  return r;
}

// AIC streams 96 KiB into L1 (nd2nz) while each AIV streams 64 KiB into UB. Returns the AIC's
// MTE2 busy cycles (the report's MTE2 is the AIC's; the AIVs' is AIV.MTE2).
double aic_mte2_cycles(npu::config::ChipConfig cfg) {
  cfg.memory.hbm_bytes_per_second = 1e15;  // the port, not HBM, must be the limit
  cfg.memory.hbm_latency_cycles = 0;
  auto r = run_cores(cfg, 1,
                     "aic_main:\nldp x2, A\nli x3, 96\nli x4, 512\nli x5, 512\n"
                     "nd2nz.f16 x0, x2, x3, x4, x5\nhalt\naiv_main:\nldp x2, A\n"
                     "rsr x6, sub_block_idx\nmuli x6, x6, 65536\nadd x2, x2, x6\n"
                     "addi x2, x2, 131072\nli x3, 65536\nli x0, 0\ngm2ub x0, x2, x3\nhalt\n");
  return r.engines["MTE2"].busy_cycles;
}

}  // namespace

TEST_CASE("the AIC and the AIVs of a split core share its GM read port",
          "[model][timing][memory][port]") {
  auto cfg = load_config("ascend910b2.yaml");
  REQUIRE(cfg.core.organisation == npu::config::CoreOrganisation::kSplit);
  const double port = cfg.core.gm_port.read_bytes_per_cycle;
  REQUIRE(cfg.core.mte2.bytes_per_cycle >= port);  // alone, the AIC's MTE2 could use all of it
  // The three MTE2s share the port equally while the AIVs' 2 x 64 KiB last (3 x 64 KiB of port
  // time), then the AIC has the port for its last 32 KiB.
  const double shared = cfg.core.mte2.head_cycles + (3 * 65536.0 + 32768) / port;
  const double alone = cfg.core.mte2.head_cycles + 98304 / port;
  const double got = aic_mte2_cycles(cfg);
  INFO("alone would be " << alone);
  CHECK(got == Approx(shared).margin(8));
  CHECK(got > alone * 1.5);
}

TEST_CASE("without a core port limit the AIVs do not slow the AIC down",
          "[model][timing][memory][port]") {
  auto cfg = load_config("ascend910b2.yaml");
  cfg.core.gm_port.read_bytes_per_cycle = 1e5;
  CHECK(aic_mte2_cycles(cfg) ==
        Approx(cfg.core.mte2.head_cycles + 98304 / cfg.core.mte2.bytes_per_cycle).margin(8));
}

namespace {

// 16 cores each copy 8 KiB into UB at once: all the same bytes or each its own. Returns the
// MTE2 memory stall summed over the cores (time beyond the port rate).
double sixteen_cores_stall(bool same_bytes) {
  auto cfg = load_config("ascend910b-seed.yaml");
  cfg.memory.hbm_bytes_per_second = 1e15;  // neither HBM bandwidth nor misses may differ
  cfg.memory.hbm_latency_cycles = 0;
  const std::string offset =
      same_bytes ? "" : "rsr x6, block_idx\nmuli x6, x6, 65536\nadd x2, x2, x6\n";
  auto r = run_cores(cfg, 16,
                     "ldp x2, A\n" + offset + "li x3, 8192\nli x1, 0\ngm2ub x1, x2, x3\nhalt\n");
  return r.engines["MTE2"].mem_stall_cycles;
}

}  // namespace

TEST_CASE("cores reading the same L2 line at once are served one after another",
          "[model][timing][memory][same_line]") {
  auto cfg = load_config("ascend910b-seed.yaml");
  // the k-th core waits for the k cores before it: 0 + 1 + ... + 15 line holds
  CHECK(sixteen_cores_stall(true) == Approx(120 * cfg.core.gm_port.same_line_cycles).margin(16));
}

TEST_CASE("cores reading disjoint bytes at once do not wait for each other",
          "[model][timing][memory][same_line]") {
  CHECK(sixteen_cores_stall(false) < 16);
}

namespace {

// Eight 4 KiB copies into UB on one seed core, independent or each waiting for the previous
// copy's consumer (V) to release it. Returns MTE2 busy cycles (flag waits excluded).
double eight_copies(uint32_t outstanding, bool dependent) {
  auto cfg = load_config("ascend910b-seed.yaml");
  cfg.core.mte2_outstanding = outstanding;
  cfg.memory.hbm_bytes_per_second = 1e15;
  cfg.memory.hbm_latency_cycles = 0;
  std::string body = "ldp x2, A\nli x3, 4096\nli x7, 1\nli x8, 0\nli x9, 0x080808010101\n";
  for (int i = 0; i < 8; ++i) {
    body += fmt::format("li x1, {}\n", i * 4096);
    if (dependent && i > 0) body += "wait_flag V, MTE2, 0\n";
    body += "gm2ub x1, x2, x3\n";
    if (dependent) {
      body +=
          "set_flag MTE2, V, 0\nwait_flag MTE2, V, 0\nvadds.f16 x1, x1, x8, x7, x9\n"
          "set_flag V, MTE2, 0\n";
    }
    body += "addi x2, x2, 4096\n";
  }
  if (dependent) body += "wait_flag V, MTE2, 0\n";
  auto r = run_cores(cfg, 1, body + "halt\n");
  return r.engines["MTE2"].busy_cycles;
}

double copy_cycles() {
  auto cfg = load_config("ascend910b-seed.yaml");
  return 4096 / cfg.core.mte2.bytes_per_cycle;
}

double head_cycles() { return load_config("ascend910b-seed.yaml").core.mte2.head_cycles; }

}  // namespace

TEST_CASE("with one MTE2 request in flight every copy pays its head",
          "[model][timing][memory][outstanding]") {
  CHECK(eight_copies(1, false) == Approx(8 * (head_cycles() + copy_cycles())).margin(8));
}

TEST_CASE("outstanding MTE2 requests hide the heads of queued independent copies",
          "[model][timing][memory][outstanding]") {
  // Four in flight: copies 0-3 issue together, so only copy 0's head is exposed; copy 4 issues
  // when copy 0 ends, and its head shows only where it outlasts copies 1-3's streams.
  const double h = head_cycles(), c = copy_cycles();
  CHECK(eight_copies(4, false) == Approx(h + 4 * c + (h - 3 * c) + 4 * c).margin(8));
}

TEST_CASE("a copy that depends on the previous one still pays its MTE2 head",
          "[model][timing][memory][outstanding]") {
  // (the MTE2 queue's set_flag / wait_flag instructions add a cycle each)
  CHECK(eight_copies(4, true) == Approx(8 * (head_cycles() + copy_cycles())).margin(24));
}

TEST_CASE("MTE3 and FIX of a core share its GM write port", "[model][timing][memory][port]") {
  // 64 KiB ub2gm (MTE3) and a 128 x 128 FP32 fix (64 KiB) start together on one seed core;
  // each could write at 128 B/cycle alone, together they get half of core.gm_port.write each.
  auto cfg = load_config("ascend910b-seed.yaml");
  const double port = cfg.core.gm_port.write_bytes_per_cycle;
  REQUIRE(cfg.core.mte3.bytes_per_cycle >= port);
  REQUIRE(cfg.core.mte3.head_cycles == cfg.core.fix_head_cycles);  // both streams start together
  auto r = run_cores(cfg, 1,
                     "ldp x2, A\nli x1, 0\nli x3, 65536\nli x4, 128\naddi x5, x2, 524288\n"
                     "ub2gm x2, x1, x3\nfix.f32 x5, x1, x4, x4, x4\nhalt\n");
  CHECK(r.engines["MTE3"].busy_cycles ==
        Approx(cfg.core.mte3.head_cycles + 2 * 65536.0 / port).margin(8));
}
