// Bad firmware files given to `npuemu run`: broken .fw containers (truncated, wrong magic,
// version, family, inconsistent tables), words that do not decode (unknown opcode, reserved bits,
// flag id or pipe out of range) and .s sources the assembler rejects (register out of range, a
// dtype the unit does not have). Each is bad input: exit code 1 and one message naming the file
// and what is wrong, checked before anything runs.
#include <catch2/catch.hpp>

#include "asm/assembler.h"
#include "asm/firmware_io.h"
#include "isa/isa.h"
#include "run_npuemu.h"

using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

npu::as::Image gemm_image() {
  auto r = npu::as::assemble_file(npu::test::kernel("gemm_fp16"));
  REQUIRE(r.image);
  return *r.image;
}

std::string write_fw(const std::string& name, const std::vector<uint8_t>& bytes) {
  const auto p = npu::test::scratch_dir() / name;
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

std::string write_text(const std::string& name, const std::string& text) {
  const auto p = npu::test::scratch_dir() / name;
  std::ofstream(p) << text;
  return p.string();
}

void expect_rejected(const std::string& fw, const std::vector<std::string>& words) {
  INFO(fw);
  auto r =
      npuemu("run --arch " + seed_chip() + " --kernel " + fw + " --shape M=16,N=16,K=16", false);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains(fw));
  for (const std::string& w : words) CHECK_THAT(r.err, Catch::Contains(w));
}

uint64_t word_of(const std::string& line) {
  auto r = npu::as::assemble_source(".target davinci\n.kernel k\n " + line + "\n halt\n", "w.s");
  REQUIRE(r.image);
  return r.image->code[0];
}

// The gemm kernel with code word pc replaced.
std::vector<uint8_t> with_word(size_t pc, uint64_t word) {
  npu::as::Image img = gemm_image();
  img.code.at(pc) = word;
  return npu::as::write_image(img);
}

}  // namespace

TEST_CASE("bad .fw containers are rejected with the file name and the reason", "[cli][fw]") {
  const std::vector<uint8_t> good = npu::as::write_image(gemm_image());
  {  // the unbroken image runs
    auto r = npuemu("run --arch " + seed_chip() + " --kernel " + write_fw("good.fw", good) +
                        " --shape M=16,N=16,K=16 --check",
                    false);
    CHECK(r.exit_code == 0);
  }
  auto patched = [&](size_t at, uint8_t v) {
    std::vector<uint8_t> b = good;
    b.at(at) = v;
    return b;
  };
  const std::vector<uint8_t> truncated(good.begin(), good.begin() + 100);
  expect_rejected(write_fw("truncated.fw", truncated),
                  {"bad firmware image:", "extends past end of file"});
  expect_rejected(write_fw("empty.fw", {}), {"bad firmware image:", "shorter than"});
  expect_rejected(write_fw("magic.fw", patched(0, 'X')), {"bad firmware image:", "wrong magic"});
  expect_rejected(write_fw("version.fw", patched(8, 9)), {"unsupported version 9"});
  expect_rejected(write_fw("family.fw", patched(10, 7)), {"unknown chip family 7"});
  npu::as::Image img = gemm_image();
  img.symbols.push_back({"late", img.code.size() + 3});
  expect_rejected(write_fw("symbols.fw", npu::as::write_image(img)),
                  {"symbol 'late'", "past the end of the code"});
  img = gemm_image();
  std::swap(img.lines[0], img.lines[1]);
  expect_rejected(write_fw("lines.fw", npu::as::write_image(img)), {"not in increasing pc order"});
}

TEST_CASE("firmware for another chip family is rejected", "[cli][fw]") {
  auto tc = npu::as::assemble_file(npu::test::src("tests/asm/good/tensorcore_scalar.s"));
  REQUIRE(tc.image);
  const std::string fw = write_fw("tensorcore.fw", npu::as::write_image(*tc.image));
  expect_rejected(fw, {"another chip family"});
}

TEST_CASE("code words that do not decode are rejected at load, naming the pc", "[cli][fw]") {
  // an opcode byte no instruction uses (found, not assumed: the tables grow)
  int unused = -1;
  for (int b = 0xFF; b >= 0 && unused < 0; --b) {
    if (!npu::isa::decode(npu::isa::Family::kDaVinci, static_cast<uint64_t>(b)).inst) unused = b;
  }
  REQUIRE(unused >= 0);
  expect_rejected(write_fw("opcode.fw", with_word(3, static_cast<uint64_t>(unused))),
                  {"pc 3: unknown opcode"});
  expect_rejected(write_fw("reserved.fw", with_word(2, word_of("halt") | (1ull << 40))),
                  {"pc 2: malformed encoding of 'halt': reserved bits set"});
  // flag id (byte 2 of the immediate, bits 48..55) and pipes (bytes 0 and 1) out of range
  const uint64_t set_flag = word_of("set_flag MTE2, MTE1, 2");
  expect_rejected(
      write_fw("flag_id.fw", with_word(1, (set_flag & ~(0xFFull << 48)) | (9ull << 48))),
      {"pc 1: malformed 'set_flag': flag id 9 out of range (0..7)"});
  // pipe ALL (7) as a flag endpoint: used to index past the flag table (a host crash)
  expect_rejected(
      write_fw("flag_all.fw", with_word(1, (set_flag & ~(0xFFull << 32)) | (7ull << 32))),
      {"pc 1: malformed 'set_flag': pipe number 7 out of range"});
  expect_rejected(write_fw("pipe.fw", with_word(1, (set_flag & ~(0xFFull << 40)) | (42ull << 40))),
                  {"pc 1: malformed 'set_flag': pipe number 42 out of range"});
}

TEST_CASE("sources the assembler rejects stop the run with their diagnostics", "[cli][asm]") {
  const std::string hdr = ".target davinci\n.kernel k\n";
  // Registers are a 5-bit field: x32 cannot be encoded, so the assembler is the only check.
  expect_rejected(write_text("reg.s", hdr + "    li x32, 1\n    halt\n"),
                  {"reg.s:3:8: error:", "registers are x0..x31"});
  // The dtype is part of the mnemonic: a unit without that dtype has no such instruction.
  expect_rejected(write_text("dtype.s", hdr + "    mmad.f64 x0, x0, x0, x1, x1, x1\n    halt\n"),
                  {"dtype.s:3:5: error:", "unknown instruction 'mmad.f64'"});
  expect_rejected(write_text("flag_all.s", hdr + "    set_flag ALL, M, 0\n    halt\n"),
                  {"flag_all.s:3:14: error:", "pipe ALL is only valid for barrier"});
  expect_rejected(write_text("flag_id.s", hdr + "    wait_flag M, FIX, 8\n    halt\n"),
                  {"flag_id.s:3:23: error:", "flag id 8 out of range"});
}
