// Assembler diagnostics: every tests/asm/bad/*_bad.s against its .err golden, every DiagId
// covered by a bad file that produces it, and a few positions and messages checked inline.
// Deliberately ignores message wording beyond the goldens (they are regenerated, not hand-edited).
#include <catch2/catch.hpp>
#include <random>

#include "asm/assembler.h"
#include "asm/diagnostics.h"
#include "asm/image.h"
#include "asm_test_util.h"
#include "isa/isa.h"

namespace npu::as {
namespace {

std::filesystem::path bad_dir() { return test::source_dir() / "tests/asm/bad"; }

// Includes are read from bad_dir (the .inc files next to the sources) and named relative to it.
AsmResult assemble_bad(const std::filesystem::path& path) {
  AsmOptions options;
  options.read_include = read_source_file;
  options.source_dir = path.parent_path();
  return assemble_source(test::read_text(path), path.filename().string(), options);
}

std::string joined(const AsmResult& r) {
  std::string out;
  for (const std::string& d : r.diagnostics) {
    out += d + "\n";
  }
  return out;
}

TEST_CASE("asm diagnostics of every bad source match their .err golden", "[asm][diag]") {
  std::vector<std::filesystem::path> files = test::files_ending(bad_dir(), "_bad.s");
  REQUIRE(files.size() >= kNumDiagIds);
  for (const std::filesystem::path& file : files) {
    DYNAMIC_SECTION(file.filename().string()) {
      AsmResult r = assemble_bad(file);
      CHECK_FALSE(r.image);
      CHECK_FALSE(r.diagnostics.empty());
      std::filesystem::path golden = file;
      golden.replace_extension(".err");
      test::check_golden(golden, joined(r));
    }
  }
}

TEST_CASE("every asm diagnostic id has a bad source that produces it", "[asm][diag]") {
  for (int i = 0; i < kNumDiagIds; ++i) {
    auto id = static_cast<DiagId>(i);
    std::filesystem::path file = bad_dir() / (std::string(diag_name(id)) + "_bad.s");
    INFO("diagnostic id " << diag_name(id) << " needs " << file.string());
    REQUIRE(std::filesystem::exists(file));
    AsmResult r = assemble_bad(file);
    bool produced = std::any_of(r.details.begin(), r.details.end(),
                                [&](const Diagnostic& d) { return d.id == id; });
    CHECK(produced);
  }
}

TEST_CASE("asm undefined label is reported with its position", "[asm][diag]") {
  AsmResult r = assemble_source(".target davinci\n.kernel k\n  jmp nowhere\n", "t.s");
  REQUIRE(r.diagnostics.size() >= 1);
  CHECK(r.diagnostics[0] == "t.s:3:7: error: undefined label 'nowhere'");
  CHECK(r.details[0].id == DiagId::kUndefinedLabel);
}

TEST_CASE("asm unknown mnemonic suggests the closest table mnemonic", "[asm][diag]") {
  AsmResult r = assemble_source(".target davinci\n.kernel k\nmmad.f61 x1\nhalt\n", "t.s");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0] ==
        "t.s:3:1: error: unknown instruction 'mmad.f61'; did you mean 'mmad.f16'?");
}

TEST_CASE("asm errors are collected from every line in source order", "[asm][diag]") {
  const char* src =
      ".target davinci\n.kernel k\n  jmp later\n  add x1, x99, x2\n  bogus\n  addi x1, x1, 1/0\n";
  AsmResult r = assemble_source(src, "t.s");
  REQUIRE(r.details.size() == 5);
  CHECK(r.details[0].id == DiagId::kUndefinedLabel);
  CHECK(r.details[1].id == DiagId::kBadRegister);
  CHECK(r.details[2].id == DiagId::kUnknownInstruction);
  CHECK(r.details[3].id == DiagId::kFallThrough);  // line 6 column 3, before column 18
  CHECK(r.details[4].id == DiagId::kDivisionByZero);
  for (size_t i = 1; i < r.details.size(); ++i) {
    CHECK(r.details[i - 1].line <= r.details[i].line);
  }
}

TEST_CASE("asm diagnostics carry the display name and no image", "[asm][diag]") {
  AsmResult r = assemble_source("", "dir/empty.s");
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 3);
  CHECK(r.diagnostics[0].rfind("dir/empty.s:1:1: error: missing '.target'", 0) == 0);
}

TEST_CASE("asm assembler never crashes on random source text", "[asm][diag]") {
  std::vector<std::string> vocab = {".target",   "davinci", "tensorcore",  ".kernel",
                                    ".param",    ".equ",    "ptr",         "u32",
                                    "k",         "A",       "loop",        ":",
                                    ",",         "[",       "]",           "(",
                                    ")",         "+",       "-",           "*",
                                    "/",         "%",       "<<",          ">>",
                                    "~",         "&",       "|",           "^",
                                    "0",         "7",       "0x7FFF_FFFF", "99999999999999999999",
                                    "x0",        "x31",     "x32",         "MTE2",
                                    "block_idx", "#",       "$",           "\t",
                                    "\r",        "\xff",    "//",          "0b",
                                    "1_",        ".",       "\n"};
  for (const isa::OpInfo& row : isa::op_table(isa::Family::kDaVinci)) {
    vocab.push_back(row.mnemonic);
  }
  std::mt19937_64 rng(7);
  int ok = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string src = iter % 3 == 0 ? ".target davinci\n.kernel k\n.param A ptr\n" : "";
    int lines = 1 + static_cast<int>(rng() % 8);
    for (int l = 0; l < lines; ++l) {
      int words = static_cast<int>(rng() % 8);
      for (int w = 0; w < words; ++w) {
        src += vocab[rng() % vocab.size()];
        src += rng() % 3 == 0 ? "" : " ";
      }
      src += '\n';
    }
    if (iter % 3 == 0) {
      src += "halt\n";
    }
    AsmResult r = assemble_source(src, "fuzz.s");
    INFO(src);
    REQUIRE(r.ok() == r.diagnostics.empty());
    REQUIRE(r.details.size() == r.diagnostics.size());
    if (r.ok()) {
      ++ok;
      CHECK(check_image(*r.image).empty());
      ReadResult back = read_image(write_image(*r.image));
      CHECK(back.image == r.image);
    }
  }
  CHECK(ok > 0);
}

}  // namespace
}  // namespace npu::as
