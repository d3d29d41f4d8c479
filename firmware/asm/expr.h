// Integer constant expressions of the assembler: 64-bit signed, wrapping arithmetic.
//
// Grammar (C precedence, lowest first): | ^ & (<< >>) (+ -) (* / %) then unary - + ~ and
// parentheses. Operands are number literals and .equ constants defined earlier. Division or
// remainder by zero and shifts outside 0..63 are errors; >> is arithmetic. Deliberately ignores
// comparison and logical operators, labels and parameters (those are operands, not values).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "asm/diagnostics.h"
#include "asm/lexer.h"

namespace npu::as {

using Constants = std::map<std::string, int64_t, std::less<>>;

struct ExprResult {
  std::optional<int64_t> value;
  std::optional<Diagnostic> error;
};

// Evaluates all of toks as one expression. terminator is the token that follows the slice (a ','
// or the end of the line); running out of tokens is reported at it.
ExprResult eval_expr(std::span<const Token> toks, const Token& terminator,
                     const Constants& constants, int line_no);

// How a token is named in messages: "end of line", "'foo'".
std::string describe(const Token& tok);

}  // namespace npu::as
