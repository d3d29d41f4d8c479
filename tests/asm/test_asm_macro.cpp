// The preprocessor through the assembler: macro expansion (arguments, defaults, named arguments,
// \@ local labels, nesting, .exitm), includes from an in-memory file set (relative paths, -I dirs,
// depth limit) and where diagnostics inside them point (file:line plus a note per include and
// invocation). Expansion is source-level: a macro's image equals the hand-expanded source's.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "asm/assembler.h"
#include "asm/disassembler.h"

namespace npu::as {
namespace {

// Files by path for AsmOptions::read_include; the main source lives in "src/" (diagnostics name
// an included file relative to the main source's display name, "main.s").
struct Files {
  std::map<std::string, std::string> by_path;
  AsmOptions options() const {
    AsmOptions o;
    o.source_dir = "src";
    o.read_include = [this](const std::filesystem::path& p) -> std::optional<std::string> {
      auto it = by_path.find(p.lexically_normal().string());
      return it == by_path.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return o;
  }
};

AsmResult assemble(const std::string& body, const AsmOptions& options = {}) {
  return assemble_source(".target davinci\n.kernel k\n" + body, "main.s", options);
}

std::vector<uint64_t> code_of(const AsmResult& r) {
  INFO((r.diagnostics.empty() ? std::string() : r.diagnostics[0]));
  REQUIRE(r.ok());
  return r.image->code;
}

TEST_CASE("asm macro expands to the same code as the hand-written source", "[asm][macro]") {
  const auto macro = code_of(
      assemble(".macro axpy d, a, x, y\n    mul \\d, \\a, \\x\n    add \\d, \\d, \\y\n.endm\n"
               "    axpy x1, x2, x3, x4\n    axpy x5, x6, x7, x8\n    halt\n"));
  const auto plain =
      code_of(assemble("    mul x1, x2, x3\n    add x1, x1, x4\n    mul x5, x6, x7\n    add x5, "
                       "x5, x8\n    halt\n"));
  CHECK(macro == plain);
}

TEST_CASE("asm macro defaults and named arguments fill the parameters", "[asm][macro]") {
  const std::string def = ".macro bump r, by=1, to=x0\n    addi \\r, \\to, \\by\n.endm\n";
  const auto macro =
      code_of(assemble(def + "    bump x1\n    bump x2, 7\n    bump x3, to=x9\n    bump "
                             "x4, to=x5, by=0x10\n    bump x6,,x7\n    halt\n"));
  const auto plain =
      code_of(assemble("    addi x1, x0, 1\n    addi x2, x0, 7\n    addi x3, x9, 1\n"
                       "    addi x4, x5, 0x10\n    addi x6, x7, 1\n    halt\n"));
  CHECK(macro == plain);
}

TEST_CASE("asm \\@ gives each expansion its own labels", "[asm][macro]") {
  const std::string def =
      ".macro countdown r, n\n    addi \\r, x0, \\n\nloop_\\@:\n    addi \\r, \\r, -1\n"
      "    bne \\r, x0, loop_\\@\n.endm\n";
  AsmResult r = assemble(def + "    countdown x1, 3\n    countdown x2, 5\n    halt\n");
  REQUIRE(r.ok());
  CHECK(r.image->symbol_pc("loop_0") == 1u);
  CHECK(r.image->symbol_pc("loop_1") == 4u);
  const auto plain = code_of(
      assemble("    addi x1, x0, 3\na:\n    addi x1, x1, -1\n    bne x1, x0, a\n"
               "    addi x2, x0, 5\nb:\n    addi x2, x2, -1\n    bne x2, x0, b\n    halt\n"));
  CHECK(r.image->code == plain);
}

TEST_CASE("asm macros call macros and define macros; .exitm ends an expansion", "[asm][macro]") {
  const auto macro = code_of(
      assemble(".macro inc r\n    addi \\r, \\r, 1\n.endm\n"
               ".macro inc2 r\n    inc \\r\n    inc \\()\\r\n.endm\n"
               ".macro maker name\n.macro \\name r\n    inc2 \\r\n.endm\n.endm\n"
               "    maker inc2b\n    inc2b x3\n"
               ".macro early r\n    inc \\r\n.exitm\n    bogus\n.endm\n    early x4\n    halt\n"));
  const auto plain =
      code_of(assemble("    addi x3, x3, 1\n    addi x3, x3, 1\n    addi x4, x4, 1\n    halt\n"));
  CHECK(macro == plain);
}

TEST_CASE("asm labels in front of a macro invocation stay on its first instruction",
          "[asm][macro]") {
  AsmResult r = assemble(".macro two\n    nop\n    nop\n.endm\n    nop\nhere: two\n    jmp here\n");
  REQUIRE(r.ok());
  CHECK(r.image->symbol_pc("here") == 1u);
}

TEST_CASE("asm include and macros across files, relative to the including file",
          "[asm][macro][include]") {
  Files fs;
  fs.by_path["src/lib/ops.inc"] =
      ".target davinci\n.include \"regs.inc\"\n.macro clear r\n    addi \\r, x0, ZERO\n.endm\n";
  fs.by_path["src/lib/regs.inc"] = ".equ ZERO, 0\n";
  AsmResult r = assemble(".include \"lib/ops.inc\"\n    clear x1\n    halt\n", fs.options());
  const auto plain = code_of(assemble("    addi x1, x0, 0\n    halt\n"));
  CHECK(code_of(r) == plain);
  // The line table names the main source's line the instruction came from (the invocation).
  REQUIRE(r.image->lines.size() == 2);
  CHECK(r.image->lines[0].line == 4);
  CHECK(r.image->lines[0].text == "    addi x1, x0, ZERO");
}

TEST_CASE("asm include search path comes after the including file's directory",
          "[asm][macro][include]") {
  Files fs;
  fs.by_path["inc/common.inc"] = ".equ N, 2\n";
  fs.by_path["src/common.inc"] = ".equ N, 3\n";
  AsmOptions o = fs.options();
  o.include_dirs = {"inc"};
  AsmResult local = assemble(".include \"common.inc\"\n    addi x1, x0, N\n    halt\n", o);
  CHECK(code_of(local) == code_of(assemble("    addi x1, x0, 3\n    halt\n")));
  fs.by_path.erase("src/common.inc");
  AsmResult searched = assemble(".include \"common.inc\"\n    addi x1, x0, N\n    halt\n", o);
  CHECK(code_of(searched) == code_of(assemble("    addi x1, x0, 2\n    halt\n")));
}

TEST_CASE("asm errors inside an included macro name the line and each include and invocation",
          "[asm][macro][include]") {
  Files fs;
  fs.by_path["src/ops.inc"] = "# ops\n.macro bad r\n    addi \\r, \\r, 1\n    frob \\r\n.endm\n";
  AsmResult r = assemble(".include \"ops.inc\"\n    nop\n    bad x1\n    halt\n", fs.options());
  REQUIRE(r.details.size() == 1);
  CHECK(r.details[0].id == DiagId::kUnknownInstruction);
  CHECK(r.diagnostics[0] ==
        "ops.inc:4:5: error: unknown instruction 'frob'\n"
        "main.s:5: note: in expansion of macro 'bad' invoked here");
  fs.by_path["src/ops.inc"] = "    frob\n";
  r = assemble(".include \"ops.inc\"\n    halt\n", fs.options());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0] ==
        "ops.inc:1:5: error: unknown instruction 'frob'\n"
        "main.s:3: note: in file included from here");
}

TEST_CASE("asm includes nest at most kMaxIncludeDepth files", "[asm][macro][include]") {
  AsmOptions o;
  o.source_dir = "src";
  // Every name resolves: f.inc includes ff.inc includes fff.inc ... (never a cycle).
  o.read_include = [](const std::filesystem::path& p) -> std::optional<std::string> {
    return ".include \"" + p.stem().string() + "f.inc\"\n";
  };
  AsmResult r = assemble(".include \"f.inc\"\n    halt\n", o);
  REQUIRE(r.details.size() == 1);
  CHECK(r.details[0].id == DiagId::kIncludeCycle);
  CHECK(r.details[0].message == "includes nest deeper than 16 files");
  CHECK(r.details[0].notes.size() == 9);  // 8 frames, then "... and N more"
}

TEST_CASE("asm a tree of includes stops at the stream's byte limit, long comments included",
          "[asm][macro][include]") {
  AsmOptions o;
  o.source_dir = "src";
  // X.inc includes Xa.inc and Xb.inc (never a cycle) and carries a 100 KB comment: without the
  // limit 2^16 files, 6 GB of text.
  o.read_include = [](const std::filesystem::path& p) -> std::optional<std::string> {
    const std::string stem = p.stem().string();
    return ".include \"" + stem + "a.inc\"\n.include \"" + stem + "b.inc\"\n# " +
           std::string(100000, 'c') + "\n";
  };
  AsmResult r = assemble(".include \"x.inc\"\n    halt\n", o);
  // Each branch first meets the depth limit; the byte limit then stops the tree.
  CHECK(std::any_of(r.details.begin(), r.details.end(),
                    [](const Diagnostic& d) { return d.id == DiagId::kMacroDepth; }));
}

TEST_CASE("asm in-memory sources cannot include files", "[asm][macro][include]") {
  AsmResult r = assemble(".include \"/etc/passwd\"\n    halt\n");
  REQUIRE(r.details.size() == 1);
  CHECK(r.details[0].id == DiagId::kIncludeNotFound);
}

TEST_CASE("asm a macro that doubles at every level stops at the stream limit", "[asm][macro]") {
  std::string src = ".macro m0\n    nop\n.endm\n";
  for (int i = 1; i < 24; ++i) {
    src += ".macro m" + std::to_string(i) + "\n    m" + std::to_string(i - 1) + "\n    m" +
           std::to_string(i - 1) + "\n.endm\n";
  }
  AsmResult r = assemble(src + "    m23\n    halt\n");
  REQUIRE_FALSE(r.details.empty());  // then the whole-program checks of the cut stream
  CHECK(r.details[0].id == DiagId::kMacroDepth);
  CHECK(r.details[0].message == "the source expands to more than 262144 lines or 16777216 bytes");
}

}  // namespace
}  // namespace npu::as
