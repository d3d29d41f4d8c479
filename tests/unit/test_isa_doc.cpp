// Mechanical check (style guide 3.11): every mnemonic of the ISA table is documented in
// firmware/ISA.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "isa/isa.h"

TEST_CASE("every mnemonic of the DaVinci table is documented in ISA.md", "[isa][doc]") {
  std::ifstream in(std::string(NPU_SOURCE_DIR) + "/firmware/ISA.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const auto& row : npu::isa::op_table(npu::isa::Family::kDaVinci)) {
    std::string m = row.mnemonic;
    const std::string base = m.substr(0, m.find('.'));
    INFO(m);
    CHECK((doc.find("`" + m + "`") != std::string::npos ||
           doc.find("`" + base + "`") != std::string::npos));
  }
}
