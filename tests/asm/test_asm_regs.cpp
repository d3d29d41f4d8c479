// The .regs directive (registers per thread of a CTA): assembled into the image, kept through the
// .fw container (the CTA section grows by one field only when .regs is given) and the
// disassembly; .regs and .rf are exclusive, also for images built by other tools.
#include <catch2/catch.hpp>

#include "asm/assembler.h"
#include "asm/disassembler.h"
#include "asm/image.h"

namespace npu::as {
namespace {

const char* kHeader = ".target tensorcore\n.kernel k\n.equ ACC, 128\n";

}  // namespace

TEST_CASE("asm .regs evaluates into the image and round-trips", "[asm][cta][regs]") {
  AsmResult r = assemble_source(
      std::string(kHeader) + ".smem 1024\n.threads 384\n.regs ACC + 40\nhalt\n", "t.s");
  REQUIRE(r.image);
  CHECK(r.image->cta.regs == 168u);
  CHECK_FALSE(r.image->cta.rf_bytes);
  ReadResult back = read_image(write_image(*r.image));
  REQUIRE(back.image);
  CHECK(back.image->cta == r.image->cta);
  const std::string text = disassemble(*r.image);
  CHECK(text.find(".threads 384\n.regs 168\n") != std::string::npos);
  AsmResult again = assemble_source(text, "d.s");
  REQUIRE(again.image);
  CHECK(again.image->cta == r.image->cta);
}

TEST_CASE("asm .regs accepts 1..255 and adds 8 bytes to the CTA section", "[asm][cta][regs]") {
  AsmResult lo = assemble_source(std::string(kHeader) + ".smem 1024\n.regs 1\nhalt\n", "t.s");
  AsmResult hi = assemble_source(std::string(kHeader) + ".smem 1024\n.regs 255\nhalt\n", "t.s");
  AsmResult none = assemble_source(std::string(kHeader) + ".smem 1024\nhalt\n", "t.s");
  REQUIRE(lo.image);
  REQUIRE(hi.image);
  REQUIRE(none.image);
  CHECK(hi.image->cta.regs == 255u);
  CHECK(write_image(*lo.image).size() == write_image(*none.image).size() + 8);
}

TEST_CASE("an image with both .regs and .rf is refused", "[asm][cta][regs]") {
  AsmResult r = assemble_source(std::string(kHeader) + ".regs 64\nhalt\n", "t.s");
  REQUIRE(r.image);
  Image both = *r.image;
  both.cta.rf_bytes = 65536;
  CHECK(check_image(both) == "a CTA declares both registers per thread and register-file bytes");
  ReadResult back = read_image(write_image(both));
  CHECK_FALSE(back.image);
  Image over = *r.image;
  over.cta.regs = 256;
  CHECK(check_image(over) == "a CTA resource declaration is out of range");
}

}  // namespace npu::as
