// Diagnostic ids' names, formatting and the collecting list (see diagnostics.h).
// Deliberately ignores warnings and notes: the assembler only reports errors.
#include "asm/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace npu::as {
namespace {

constexpr std::array<std::string_view, kNumDiagIds> kNames = {
    "unexpected_char",     "bad_number",
    "bad_expression",      "division_by_zero",
    "bad_shift",           "syntax",
    "unknown_directive",   "missing_target",
    "target_not_first",    "duplicate_target",
    "unknown_target",      "missing_kernel",
    "duplicate_kernel",    "duplicate_param",
    "bad_param_type",      "duplicate_equ",
    "reserved_name",       "undefined_constant",
    "bad_cta_resource",    "duplicate_cta_resource",
    "conflicting_cta_resource",
    "unknown_instruction", "operand_count",
    "operand_kind",        "bad_register",
    "imm_range",           "undefined_param",
    "unknown_pipe",        "flag_range",
    "unknown_special",     "bad_mem_operand",
    "duplicate_label",     "undefined_label",
    "target_past_end",     "empty_program",
    "fall_through",        "include_not_found",
    "include_cycle",       "include_target",
    "include_kernel",      "unterminated_macro",
    "duplicate_macro",     "macro_args",
    "macro_depth",         "stray_endm",
};

}  // namespace

std::string_view diag_name(DiagId id) { return kNames.at(static_cast<size_t>(id)); }

std::string format_diagnostic(std::string_view file, const Diagnostic& d) {
  std::string out =
      fmt::format("{}:{}:{}: error: {}", d.file.empty() ? file : d.file, d.line, d.col, d.message);
  for (const std::string& note : d.notes) {
    out += "\n" + note;
  }
  return out;
}

void DiagList::error(DiagId id, int line, int col, std::string message) {
  m_diags.push_back({id, line, col, std::move(message), {}, {}});
}

std::vector<Diagnostic> DiagList::sorted() const {
  std::vector<Diagnostic> out = m_diags;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const int la = std::max(a.line, 1), lb = std::max(b.line, 1);
    return la != lb ? la < lb : a.col < b.col;
  });
  return out;
}

std::string quote(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else {
      out += fmt::format("\\x{:02x}", u);
    }
  }
  return out;
}

}  // namespace npu::as
