// The assembler's source-level preprocessor: `.include "FILE"` and `.macro NAME ... .endm`.
//
// Turns the main source into one stream of lines for the assembler, the way GNU as does before
// it assembles: an included file's lines take the place of its `.include`, a macro invocation is
// replaced by the macro's body with `\PARAM`, `\@` (a counter unique to each expansion) and `\()`
// (nothing; separates a parameter from following text) substituted. The stream keeps every line
// the preprocessor looked at, in order; the ones it consumed (directives, macro bodies being
// recorded) are empty, so a stream index is a source position for every diagnostic and the
// assembler's source order is the stream order. Each line knows where it came from (file and
// line) and the chain of includes and expansions that brought it there.
//
// Limits keep any input finite (the fuzz target relies on them): include depth, macro nesting
// depth, and the size of the stream (lines, and bytes of every line visited, consumed ones too,
// which also bounds the included text held). Files are read only through AsmOptions::read_include;
// without one `.include` is an error (in-memory sources and the fuzz target never touch the disk).
// Deliberately ignores conditionals (.if), .rept/.irp and string escapes: the kernels need none.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asm/diagnostics.h"

namespace npu::as {

struct AsmOptions {
  // Reads an included file (nullopt when it cannot); empty: `.include` is refused.
  std::function<std::optional<std::string>(const std::filesystem::path&)> read_include;
  // Directory the main source's relative includes are resolved against.
  std::filesystem::path source_dir;
  // Searched in order after the including file's own directory (`npuemu asm -I DIR`).
  std::vector<std::filesystem::path> include_dirs;
};

inline constexpr int kMaxIncludeDepth = 16;
inline constexpr int kMaxMacroDepth = 64;
inline constexpr size_t kMaxStreamLines = size_t{1} << 18;
inline constexpr size_t kMaxStreamBytes = size_t{1} << 24;

// How a line got into the stream: the include or macro invocation around it (innermost first
// through parent).
struct Frame {
  enum class Kind : uint8_t { kInclude, kMacro };
  Kind kind;
  std::string macro;  // kMacro: the macro's name
  int file;           // where the .include / invocation is
  int line;
  int include_depth;
  int macro_depth;
  int included_file;  // kInclude: the file it brought in
  std::shared_ptr<const Frame> parent;
};

struct StreamLine {
  std::string text;  // empty for a line the preprocessor consumed
  int file;          // index into PreprocessResult::files
  int line;          // 1-based line in that file
  std::shared_ptr<const Frame> frame;
};

struct SourceFile {
  std::string display;         // the name diagnostics use
  std::filesystem::path path;  // the path it was read from (cycle detection)
};

struct PreprocessResult {
  std::vector<StreamLine> lines;  // stream index + 1 is the `line` of the diagnostics below
  std::vector<SourceFile> files;  // [0] is the main source
  DiagList diags;
  bool cut = false;  // the stream hit its size limits: what follows the cut is missing
};

PreprocessResult preprocess(std::string_view text, std::string_view display_name,
                            const AsmOptions& options);

// The source position of a stream line (1-based index; 0: the whole program, reported at the
// main source's 1:1) for a diagnostic: file name, line and the notes naming each include and
// macro invocation around it, innermost first.
struct StreamPosition {
  std::string file;
  int line;
  std::vector<std::string> notes;
};
StreamPosition stream_position(const PreprocessResult& pp, int index);

// "line N" for a main-source line outside any macro, else "FILE:N" (for "first defined at ...").
std::string stream_where(const PreprocessResult& pp, int index);

// The line of the main source a stream line comes from (the outermost include or invocation):
// what the image's line table records, as the image names the main source only.
int main_source_line(const PreprocessResult& pp, int index);

}  // namespace npu::as
