// The tensor-core SM's special registers (rsr): an SM has no sub-cores, so sub_block_idx and
// sub_block_dim read 0 and 1 as on an unsplit DaVinci core, not the cycle counter. The kernel
// loops sub_block_dim + sub_block_idx times, so the scalar instruction count shows the values.
// Each TEST_CASE runs in its own process (SystemC elaborates once).
#include <catch2/catch.hpp>

#include "run_one.h"

TEST_CASE("an SM reads sub_block_idx 0 and sub_block_dim 1", "[model][tensorcore]") {
  const auto cfg = npu::test::load_config("h100-sxm5.yaml");
  const auto r = npu::test::run_one(cfg,
                                    "rsr x1, sub_block_idx\n"
                                    "rsr x2, sub_block_dim\n"
                                    "add x2, x2, x1\n"
                                    "loop:\n"
                                    "addi x2, x2, -1\n"
                                    "bne x2, x0, loop\n"
                                    "halt\n",
                                    "tensorcore");
  REQUIRE(r.completed);
  // 3 set-up instructions, one pass of the 2-instruction loop, halt
  CHECK(r.scalar_instructions == 3 + 2 * 1 + 1);
}
