// The assembler's integer expressions and number literals: precedence, 64-bit wrapping signed
// arithmetic, .equ constants, and each expression error with its diagnostic id and column.
// Deliberately ignores operand placement (test_asm_encoding.cpp).
#include <catch2/catch.hpp>
#include <string>

#include "asm/expr.h"
#include "asm/lexer.h"

namespace npu::as {
namespace {

const Constants kConstants = {{"TILE", 128}, {"NEG", -3}, {"ZERO", 0}};

ExprResult eval(const std::string& text) {
  static std::string keep;  // tokens point into the text
  keep = text;
  LexResult lex = tokenize_line(keep, 1);
  if (lex.error) {
    return {std::nullopt, lex.error};
  }
  std::span<const Token> toks(lex.tokens);
  return eval_expr(toks.first(toks.size() - 1), toks.back(), kConstants, 1);
}

int64_t value(const std::string& text) {
  ExprResult r = eval(text);
  INFO(text << ": " << (r.error ? r.error->message : ""));
  REQUIRE(r.value);
  return *r.value;
}

DiagId error_id(const std::string& text) {
  ExprResult r = eval(text);
  INFO(text);
  REQUIRE(r.error);
  return r.error->id;
}

TEST_CASE("asm expressions follow C precedence", "[asm][expr]") {
  CHECK(value("1 + 2 * 3") == 7);
  CHECK(value("(1 + 2) * 3") == 9);
  CHECK(value("1 + 1 << 2") == 8);
  CHECK(value("1 | 2 ^ 3 & 1") == (1 | (2 ^ (3 & 1))));
  CHECK(value("10 - 4 - 3") == 3);
  CHECK(value("64 / 4 / 2") == 8);
  CHECK(value("-(TILE + 1)") == -129);
  CHECK(value("~0") == -1);
  CHECK(value("- - 5") == 5);
  CHECK(value("+5") == 5);
  CHECK(value("TILE * 2 % 100") == 56);
}

TEST_CASE("asm number literals accept hex binary and separators", "[asm][expr]") {
  CHECK(value("0x10") == 16);
  CHECK(value("0XfF") == 255);
  CHECK(value("0b1010") == 10);
  CHECK(value("1_000_000") == 1000000);
  CHECK(value("0xFFFF_FFFF_FFFF_FFFF") == -1);
  CHECK(value("9223372036854775807") == INT64_MAX);
}

TEST_CASE("asm expressions use 64-bit signed wrapping arithmetic", "[asm][expr]") {
  CHECK(value("0x7FFF_FFFF_FFFF_FFFF + 1") == INT64_MIN);
  CHECK(value("-9223372036854775807 - 1") == INT64_MIN);
  CHECK(value("(-9223372036854775807 - 1) / -1") == INT64_MIN);
  CHECK(value("(-9223372036854775807 - 1) % -1") == 0);
  CHECK(value("-7 / 2") == -3);
  CHECK(value("-7 % 2") == -1);
  CHECK(value("1 << 63") == INT64_MIN);
  CHECK(value("-8 >> 1") == -4);
  CHECK(value("NEG * NEG") == 9);
}

TEST_CASE("asm expression errors have ids and columns", "[asm][expr]") {
  CHECK(error_id("1 / ZERO") == DiagId::kDivisionByZero);
  CHECK(error_id("1 % 0") == DiagId::kDivisionByZero);
  CHECK(error_id("1 << 64") == DiagId::kBadShift);
  CHECK(error_id("1 >> -1") == DiagId::kBadShift);
  CHECK(error_id("MISSING + 1") == DiagId::kUndefinedConstant);
  CHECK(error_id("(1 + 2") == DiagId::kBadExpression);
  CHECK(error_id("1 +") == DiagId::kBadExpression);
  CHECK(error_id("1 2") == DiagId::kBadExpression);
  CHECK(error_id("") == DiagId::kBadExpression);
  CHECK(error_id("x3 + 1") == DiagId::kOperandKind);
  CHECK(error_id("0x") == DiagId::kBadNumber);
  CHECK(error_id("1__0") == DiagId::kBadNumber);
  CHECK(error_id("10_") == DiagId::kBadNumber);
  CHECK(error_id("0b2") == DiagId::kBadNumber);
  CHECK(error_id("18446744073709551616") == DiagId::kBadNumber);
  CHECK(error_id("3 $ 4") == DiagId::kUnexpectedChar);
  CHECK(error_id(std::string(1000, '(') + "1") == DiagId::kBadExpression);  // nesting limit
  ExprResult r = eval("1 + (2 * 0) / (4 - 4)");
  REQUIRE(r.error);
  CHECK(r.error->col == 13);  // the '/'
}

TEST_CASE("asm lexer skips comments and marks the end column", "[asm][expr]") {
  LexResult lex = tokenize_line("  add x1, x2  # comment , ]", 4);
  REQUIRE_FALSE(lex.error);
  REQUIRE(lex.tokens.size() == 5);
  CHECK(lex.tokens[0].col == 3);
  CHECK(lex.tokens[4].kind == TokKind::kEnd);
  CHECK(lex.tokens[4].col == 13);
  CHECK(tokenize_line("nop // c", 1).tokens.size() == 2);
  CHECK(parse_register("x31") == 31);
  CHECK_FALSE(parse_register("x32"));
  CHECK_FALSE(parse_register("x01"));
  CHECK(is_valid_name("mmad.f16"));
  CHECK_FALSE(is_valid_name("X7"));
}

}  // namespace
}  // namespace npu::as
