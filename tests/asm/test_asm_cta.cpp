// CTA resource directives (.smem, .rf, .threads): assembled into the image, kept through the .fw
// container and the disassembly, absent unless declared, and only for tensor-core kernels.
#include <catch2/catch.hpp>

#include "asm/assembler.h"
#include "asm/disassembler.h"
#include "asm/image.h"

namespace npu::as {
namespace {

const char* kHeader = ".target tensorcore\n.kernel k\n.equ STAGES, 2\n";

}  // namespace

TEST_CASE("asm CTA directives evaluate expressions into the image", "[asm][cta]") {
  AsmResult r = assemble_source(
      std::string(kHeader) + ".smem STAGES * 32 * 1024\n.rf 64 * 64 * 4\n.threads 256\nhalt\n",
      "t.s");
  REQUIRE(r.image);
  CHECK(r.image->cta.smem_bytes == 65536u);
  CHECK(r.image->cta.rf_bytes == 16384u);
  CHECK(r.image->cta.threads == 256u);
  ReadResult back = read_image(write_image(*r.image));
  REQUIRE(back.image);
  CHECK(back.image->cta == r.image->cta);
  const std::string text = disassemble(*r.image);
  CHECK(text.find(".smem 65536\n.rf 16384\n.threads 256\n") != std::string::npos);
  AsmResult again = assemble_source(text, "d.s");
  REQUIRE(again.image);
  CHECK(again.image->cta == r.image->cta);
}

TEST_CASE("asm CTA directives are absent unless declared", "[asm][cta]") {
  AsmResult r = assemble_source(std::string(kHeader) + ".smem 0\nhalt\n", "t.s");
  REQUIRE(r.image);
  CHECK(r.image->cta.smem_bytes == 0u);  // declared zero is not undeclared
  CHECK_FALSE(r.image->cta.rf_bytes);
  CHECK_FALSE(r.image->cta.threads);
  AsmResult none = assemble_source(std::string(kHeader) + "halt\n", "t.s");
  REQUIRE(none.image);
  CHECK_FALSE(none.image->cta.any());
  ReadResult back = read_image(write_image(*none.image));
  REQUIRE(back.image);
  CHECK_FALSE(back.image->cta.any());
}

TEST_CASE("asm CTA directives are refused in a DaVinci kernel", "[asm][cta]") {
  AsmResult r = assemble_source(".target davinci\n.kernel k\n.smem 1024\nhalt\n", "t.s");
  CHECK_FALSE(r.image);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0] ==
        "t.s:3:1: error: '.smem' declares a CTA resource: only tensor-core kernels have CTAs");
}

}  // namespace npu::as
