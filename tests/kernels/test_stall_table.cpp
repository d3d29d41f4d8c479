// The readable stall table keeps its columns when a pipe's name is longer than the usual ones
// (a split core's AIV.MTE2, the tensor-core SM's TENSOR): every row is as wide as the header and
// each number sits under its heading.
#include <catch2/catch.hpp>
#include <sstream>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::src;

namespace {

std::vector<std::string> table_rows(const std::string& out) {
  std::vector<std::string> rows;
  std::istringstream in(out);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find("pipe ") != std::string::npos && line.find("instructions") != std::string::npos) {
      inside = true;
    } else if (inside && line.find(" L2 ") != std::string::npos) {
      break;
    }
    if (inside) rows.push_back(line);
  }
  return rows;
}

void check_aligned(const std::string& out, const std::string& long_name) {
  std::vector<std::string> rows = table_rows(out);
  INFO(out);
  REQUIRE(rows.size() >= 3);
  const std::string& head = rows[0];
  const size_t busy_end = head.find("busy%") + 5, inst_end = head.find("instructions") + 12;
  bool seen = false;
  for (size_t i = 1; i < rows.size(); ++i) {
    INFO(rows[i]);
    CHECK(rows[i].size() == head.size());
    // the name, then at least one space before the instruction count's column
    std::istringstream fields(rows[i]);
    std::string name, inst, busy;
    fields >> name >> inst >> busy;
    seen = seen || name == long_name;
    CHECK(rows[i].find(name) + name.size() < inst_end - inst.size());
    CHECK(rows[i].substr(inst_end - inst.size(), inst.size()) == inst);
    CHECK(rows[i].substr(busy_end - busy.size(), busy.size()) == busy);
  }
  CHECK(seen);
}

}  // namespace

TEST_CASE("the stall table's columns hold AIV.MTE2 and TENSOR", "[kernels][stats]") {
  auto split = npuemu("run --arch " + src("configs/ascend910b2.yaml") + " --kernel " +
                      kernel("matmul_bias_relu_fp16") +
                      " --workload matmul_bias_relu --shape M=128,N=128,K=64 --timing-only");
  REQUIRE(split.exit_code == 0);
  check_aligned(split.out, "AIV.MTE2");
  auto tc = npuemu("run --arch " + src("configs/h100-sxm5.yaml") + " --kernel " +
                   src("firmware/kernels/tensorcore/gemm_fp16.s") +
                   " --shape M=128,N=256,K=128 --cores 1 --timing-only");
  REQUIRE(tc.exit_code == 0);
  check_aligned(tc.out, "TENSOR");
}
