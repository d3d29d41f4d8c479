// The assembler: firmware source text (.s) -> Image, or the list of every error in the file.
//
// Three steps: the preprocessor (preprocess.h) expands `.include` and `.macro` into one stream of
// lines; each line is lexed and assembled in order (directives, labels, one instruction per
// line, operands parsed by the ISA table row's operand kinds), then branch targets are resolved
// and the whole-program checks run (.target/.kernel present, at least one instruction, the last
// one cannot fall through). Errors never stop the assembler: it goes on at the next line and
// returns every diagnostic in source order, and no image when there was any.
// Deliberately ignores sections and data directives: the language has none.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asm/diagnostics.h"
#include "asm/image.h"
#include "asm/preprocess.h"

namespace npu::as {

struct AsmResult {
  std::optional<Image> image;            // set only when there are no diagnostics
  std::vector<std::string> diagnostics;  // `FILE:LINE:COL: error: MESSAGE`, in source order
  std::vector<Diagnostic> details;       // the same, structured (empty for an I/O failure)

  bool ok() const { return image.has_value(); }
};

// display_name is used in diagnostics and becomes image.source_name. With default options the
// source may not `.include` (no file access).
AsmResult assemble_source(std::string_view text, std::string_view display_name,
                          const AsmOptions& options = {});

// Reads and assembles a file (firmware_io.cpp); an unreadable file gives one diagnostic
// `PATH: error: cannot read file`. Includes are read from the disk: relative to the including
// file's directory, then options.include_dirs (read_include and source_dir are set here).
AsmResult assemble_file(const std::filesystem::path& path, AsmOptions options = {});

// Reads an included file from the disk (nullopt for a directory or an unreadable file).
std::optional<std::string> read_source_file(const std::filesystem::path& path);

}  // namespace npu::as
