// The assembler's lexer (see lexer.h). Works on one line at a time and never looks past it.
// Deliberately ignores Unicode: every byte outside the token alphabet is an unexpected character.
#include "asm/lexer.h"

#include <fmt/format.h>

namespace npu::as {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_alpha(c) || is_digit(c) || c == '.'; }

int digit_value(char c) {
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'Z') {
    return c - 'A' + 10;
  }
  return 99;
}

// Parses a whole number literal; nullopt if malformed or wider than 64 bits.
std::optional<uint64_t> parse_number(std::string_view text) {
  unsigned base = 10;
  std::string_view digits = text;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    digits = text.substr(2);
  } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
    base = 2;
    digits = text.substr(2);
  }
  if (digits.empty() || digits.front() == '_' || digits.back() == '_') {
    return std::nullopt;
  }
  uint64_t value = 0;
  bool prev_sep = false;
  for (char c : digits) {
    if (c == '_') {
      if (prev_sep) {
        return std::nullopt;
      }
      prev_sep = true;
      continue;
    }
    prev_sep = false;
    auto d = static_cast<unsigned>(digit_value(c));
    if (d >= base) {
      return std::nullopt;
    }
    if (value > (UINT64_MAX - d) / base) {
      return std::nullopt;
    }
    value = value * base + d;
  }
  return value;
}

constexpr std::string_view kPuncts[] = {"<<", ">>", ",", ":", "[", "]", "(", ")", "+",
                                        "-",  "*",  "/", "%", "&", "|", "^", "~"};

}  // namespace

LexResult tokenize_line(std::string_view line, int line_no) {
  LexResult out;
  size_t i = 0;
  auto col_of = [](size_t pos) { return static_cast<int>(pos) + 1; };
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#' || line.substr(i, 2) == "//") {
      break;
    }
    size_t start = i;
    if (is_alpha(c) || (c == '.' && i + 1 < line.size() && is_alpha(line[i + 1]))) {
      ++i;
      while (i < line.size() && is_ident_char(line[i])) {
        ++i;
      }
      TokKind kind = c == '.' ? TokKind::kDirective : TokKind::kIdent;
      out.tokens.push_back({kind, line.substr(start, i - start), col_of(start), 0});
      continue;
    }
    if (is_digit(c)) {
      while (i < line.size() && (is_ident_char(line[i]))) {
        ++i;
      }
      std::string_view text = line.substr(start, i - start);
      std::optional<uint64_t> v = parse_number(text);
      if (!v) {
        out.error = Diagnostic{DiagId::kBadNumber, line_no, col_of(start),
                               fmt::format("bad number literal '{}'", quote(text))};
        return out;
      }
      out.tokens.push_back({TokKind::kNumber, text, col_of(start), static_cast<int64_t>(*v)});
      continue;
    }
    bool matched = false;
    for (std::string_view p : kPuncts) {
      if (line.substr(i, p.size()) == p) {
        out.tokens.push_back({TokKind::kPunct, line.substr(i, p.size()), col_of(i), 0});
        i += p.size();
        matched = true;
        break;
      }
    }
    if (!matched) {
      out.error = Diagnostic{DiagId::kUnexpectedChar, line_no, col_of(i),
                             fmt::format("unexpected character '{}'", quote(line.substr(i, 1)))};
      return out;
    }
  }
  int end_col = 1;
  if (!out.tokens.empty()) {
    end_col = out.tokens.back().col + static_cast<int>(out.tokens.back().text.size());
  }
  out.tokens.push_back({TokKind::kEnd, {}, end_col, 0});
  return out;
}

bool looks_like_register(std::string_view name) {
  if (name.size() < 2 || (name[0] != 'x' && name[0] != 'X')) {
    return false;
  }
  for (char c : name.substr(1)) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

std::optional<int> parse_register(std::string_view name) {
  if (!looks_like_register(name) || name.size() > 3 || (name.size() == 3 && name[1] == '0')) {
    return std::nullopt;
  }
  int n = 0;
  for (char c : name.substr(1)) {
    n = n * 10 + (c - '0');
  }
  if (n >= 32) {
    return std::nullopt;
  }
  return n;
}

bool is_identifier(std::string_view name) {
  if (name.empty() || !is_alpha(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!is_ident_char(c)) {
      return false;
    }
  }
  return true;
}

bool is_valid_name(std::string_view name) {
  return is_identifier(name) && !looks_like_register(name);
}

}  // namespace npu::as
