// The assembler's lexer: one source line -> tokens (identifiers, directives, numbers, punctuation).
//
// Comments start with '#' or '//' and run to the end of the line. Numbers are decimal, 0x hex or
// 0b binary with '_' separators; a literal must fit in 64 bits and is reinterpreted as signed
// (two's complement). Identifiers are [A-Za-z_][A-Za-z0-9_.]* (mnemonics contain dots); a
// directive is '.' followed by an identifier. Deliberately ignores strings, character literals and
// multi-line constructs: the language has none.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "asm/diagnostics.h"

namespace npu::as {

enum class TokKind : uint8_t { kIdent, kDirective, kNumber, kPunct, kEnd };

struct Token {
  TokKind kind = TokKind::kEnd;
  std::string_view
      text;     // points into the source line; punctuation: , : [ ] ( ) + - * / % << >> & | ^ ~
  int col = 1;  // 1-based
  int64_t value = 0;  // kNumber only

  bool is(std::string_view punct) const { return kind == TokKind::kPunct && text == punct; }
};

// Tokens of one line, always terminated by a kEnd token (at the column after the last token).
// On a lexical error the tokens are incomplete and error is set.
struct LexResult {
  std::vector<Token> tokens;
  std::optional<Diagnostic> error;
};
LexResult tokenize_line(std::string_view line, int line_no);

// x0..x31 in either case -> register number.
std::optional<int> parse_register(std::string_view name);
// [xX] followed by digits: a register spelling, valid or not (x32).
bool looks_like_register(std::string_view name);
bool is_identifier(std::string_view name);
// A name usable for labels, constants, parameters and kernels: an identifier that is not a
// register spelling.
bool is_valid_name(std::string_view name);

}  // namespace npu::as
