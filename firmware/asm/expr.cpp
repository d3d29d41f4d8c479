// The expression evaluator (see expr.h): precedence climbing over one operand's tokens.
// Deliberately ignores overflow: results wrap modulo 2^64 as two's complement.
#include "asm/expr.h"

#include <fmt/format.h>

namespace npu::as {
namespace {

constexpr int kMaxDepth = 200;

int precedence(const Token& t) {
  if (t.kind != TokKind::kPunct) {
    return -1;
  }
  std::string_view s = t.text;
  if (s == "|") {
    return 1;
  }
  if (s == "^") {
    return 2;
  }
  if (s == "&") {
    return 3;
  }
  if (s == "<<" || s == ">>") {
    return 4;
  }
  if (s == "+" || s == "-") {
    return 5;
  }
  if (s == "*" || s == "/" || s == "%") {
    return 6;
  }
  return -1;
}

class Evaluator {
 public:
  Evaluator(std::span<const Token> toks, const Token& terminator, const Constants& constants,
            int line_no)
      : m_toks(toks), m_terminator(terminator), m_constants(constants), m_line(line_no) {}

  ExprResult run() {
    std::optional<int64_t> v = binary(0, 0);
    if (v && m_pos < m_toks.size()) {
      fail(DiagId::kBadExpression, peek(),
           fmt::format("unexpected {} after expression", describe(peek())));
      v.reset();
    }
    return {v, m_error};
  }

 private:
  const Token& peek() const { return m_pos < m_toks.size() ? m_toks[m_pos] : m_terminator; }

  std::nullopt_t fail(DiagId id, const Token& at, std::string message) {
    if (!m_error) {
      m_error = Diagnostic{id, m_line, at.col, std::move(message)};
    }
    return std::nullopt;
  }

  std::optional<int64_t> binary(int min_prec, int depth) {
    std::optional<int64_t> lhs = unary(depth);
    while (lhs) {
      const Token& op = peek();
      int prec = precedence(op);
      if (prec < 0 || prec < min_prec) {
        break;
      }
      ++m_pos;
      std::optional<int64_t> rhs = binary(prec + 1, depth + 1);
      if (!rhs) {
        return std::nullopt;
      }
      lhs = apply(op, *lhs, *rhs);
    }
    return lhs;
  }

  std::optional<int64_t> apply(const Token& op, int64_t a, int64_t b) {
    auto ua = static_cast<uint64_t>(a);
    auto ub = static_cast<uint64_t>(b);
    std::string_view s = op.text;
    if (s == "+") {
      return static_cast<int64_t>(ua + ub);
    }
    if (s == "-") {
      return static_cast<int64_t>(ua - ub);
    }
    if (s == "*") {
      return static_cast<int64_t>(ua * ub);
    }
    if (s == "&") {
      return a & b;
    }
    if (s == "|") {
      return a | b;
    }
    if (s == "^") {
      return a ^ b;
    }
    if (s == "/" || s == "%") {
      if (b == 0) {
        return fail(DiagId::kDivisionByZero, op, fmt::format("division by zero in '{}'", s));
      }
      if (a == INT64_MIN && b == -1) {
        return s == "/" ? INT64_MIN : 0;  // wraps
      }
      return s == "/" ? a / b : a % b;
    }
    if (b < 0 || b > 63) {
      return fail(DiagId::kBadShift, op, fmt::format("shift amount {} out of range (0..63)", b));
    }
    if (s == "<<") {
      return static_cast<int64_t>(ua << b);
    }
    return a >> b;  // arithmetic
  }

  std::optional<int64_t> unary(int depth) {
    if (depth > kMaxDepth) {
      return fail(DiagId::kBadExpression, peek(), "expression nested too deeply");
    }
    const Token& t = peek();
    if (t.is("-") || t.is("+") || t.is("~")) {
      ++m_pos;
      std::optional<int64_t> v = unary(depth + 1);
      if (!v) {
        return std::nullopt;
      }
      if (t.is("-")) {
        return static_cast<int64_t>(0 - static_cast<uint64_t>(*v));
      }
      if (t.is("~")) {
        return ~*v;
      }
      return v;
    }
    if (t.is("(")) {
      ++m_pos;
      std::optional<int64_t> v = binary(0, depth + 1);
      if (!v) {
        return std::nullopt;
      }
      if (!peek().is(")")) {
        return fail(DiagId::kBadExpression, peek(),
                    fmt::format("expected ')' to close the '(' at column {}, got {}", t.col,
                                describe(peek())));
      }
      ++m_pos;
      return v;
    }
    if (t.kind == TokKind::kNumber) {
      ++m_pos;
      return t.value;
    }
    if (t.kind == TokKind::kIdent) {
      if (looks_like_register(t.text)) {
        return fail(DiagId::kOperandKind, t,
                    fmt::format("register '{}' cannot be used in an expression", t.text));
      }
      auto it = m_constants.find(t.text);
      if (it == m_constants.end()) {
        return fail(DiagId::kUndefinedConstant, t, fmt::format("undefined constant '{}'", t.text));
      }
      ++m_pos;
      return it->second;
    }
    return fail(DiagId::kBadExpression, t,
                fmt::format("expected a number, a constant or '(', got {}", describe(t)));
  }

  // CONFIG
  std::span<const Token> m_toks;
  const Token& m_terminator;
  const Constants& m_constants;
  int m_line;
  // STATE
  size_t m_pos = 0;
  std::optional<Diagnostic> m_error;
};

}  // namespace

ExprResult eval_expr(std::span<const Token> toks, const Token& terminator,
                     const Constants& constants, int line_no) {
  return Evaluator(toks, terminator, constants, line_no).run();
}

std::string describe(const Token& tok) {
  if (tok.kind == TokKind::kEnd) {
    return "end of line";
  }
  return fmt::format("'{}'", tok.text);
}

}  // namespace npu::as
