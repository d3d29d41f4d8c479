// `npuemu asm -I DIR`: a kernel copied away from its shared .inc fails with the include's
// file:line diagnostic and exit 1; with -I naming the kernel directory it assembles to the same
// code as the shipped file (the disassembly's instruction lines match).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::src;

namespace {

// The disassembly without its header comment (it names the source file).
std::string code_lines(const std::string& listing) {
  std::istringstream in(listing);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("# kernel", 0) != 0) out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("npuemu asm -I finds a kernel's shared include from another directory",
          "[kernels][asm][include]") {
  const auto dir = npu::test::scratch_dir() / "asm_include_cli";
  std::filesystem::create_directories(dir);
  const auto copy = dir / "gemm_fp16.s";
  std::ofstream(copy) << npu::test::slurp(src("firmware/kernels/davinci/gemm_fp16.s"));
  std::filesystem::remove(dir / "cube_pipeline.inc");

  auto lost = npuemu("asm " + copy.string() + " -o " + (dir / "lost.fw").string(), false);
  CHECK(lost.exit_code == 1);
  CHECK(lost.err.find("cannot find include file 'cube_pipeline.inc'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "lost.fw"));

  auto found = npuemu("asm " + copy.string() + " -o " + (dir / "found.fw").string() + " -I " +
                          src("firmware/kernels/davinci"),
                      false);
  REQUIRE(found.exit_code == 0);
  auto shipped = npuemu(
      "asm " + src("firmware/kernels/davinci/gemm_fp16.s") + " -o " + (dir / "shipped.fw").string(),
      false);
  REQUIRE(shipped.exit_code == 0);
  auto a = npuemu("disasm " + (dir / "found.fw").string(), false);
  auto b = npuemu("disasm " + (dir / "shipped.fw").string(), false);
  REQUIRE(a.exit_code == 0);
  CHECK(code_lines(a.out) == code_lines(b.out));
  CHECK(code_lines(a.out).find("mmad.f16") != std::string::npos);
}
