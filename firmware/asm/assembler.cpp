// The assembler driver (see assembler.h): lines -> labels, directives and pending instructions,
// then label resolution, whole-program checks and encoding through isa::encode.
// Operands are parsed by operands.cpp from the table row alone; this file never switches on a
// mnemonic. Deliberately ignores anything after the first error on a line (it goes on at the next).
#include "asm/assembler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <map>

#include "asm/expr.h"
#include "asm/fields.h"
#include "asm/lexer.h"
#include "asm/operands.h"
#include "asm/preprocess.h"

namespace npu::as {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    prev[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<isa::Family> family_from_name(std::string_view name) {
  if (iequals(name, "davinci")) {
    return isa::Family::kDaVinci;
  }
  if (iequals(name, "tensorcore")) {
    return isa::Family::kTensorCore;
  }
  return std::nullopt;
}

struct SourceLine {
  int no;
  std::string_view text;
  LexResult lex;
};

class Assembler {
 public:
  Assembler(std::string_view text, std::string_view name, const AsmOptions& options)
      : m_name(name), m_pp(preprocess(text, name, options)) {
    m_lines.reserve(m_pp.lines.size());
    int no = 1;
    for (const StreamLine& line : m_pp.lines) {
      m_lines.push_back({no, line.text, tokenize_line(line.text, no)});
      ++no;
    }
  }

  AsmResult run() {
    prescan_target();
    for (const SourceLine& line : m_lines) {
      if (line.lex.error) {
        error(*line.lex.error);
        continue;
      }
      assemble_line(line);
    }
    finish();
    AsmResult out;
    out.details = m_diags.sorted();
    for (Diagnostic& d : out.details) {
      StreamPosition pos = stream_position(m_pp, d.line);
      d.line = pos.line;
      d.notes = std::move(pos.notes);
      if (pos.file != m_name) {
        d.file = std::move(pos.file);
      }
      out.diagnostics.push_back(format_diagnostic(m_name, d));
    }
    if (out.details.empty()) {
      out.image = build_image();
    }
    return out;
  }

 private:
  void error(DiagId id, int line, int col, std::string message) {
    m_diags.error(id, line, col, std::move(message));
  }
  void error(const Diagnostic& d) { m_diags.error(d.id, d.line, d.col, d.message); }
  // "line N" / "FILE:N" for the stream line `index` (in "first defined at ..." messages).
  std::string where(int index) const { return stream_where(m_pp, index); }

  // .target must be the first statement; find it before anything is assembled so that
  // instructions are looked up in the right family even when it comes late.
  void prescan_target() {
    const Token* first = nullptr;
    const Token* target = nullptr;
    int first_line = 1, target_line = 0;
    for (const SourceLine& line : m_lines) {
      const std::vector<Token>& toks = line.lex.tokens;
      if (toks.empty() || toks[0].kind == TokKind::kEnd) {
        continue;
      }
      if (!first) {
        first = &toks[0];
        first_line = line.no;
      }
      if (toks[0].kind == TokKind::kDirective && iequals(toks[0].text, ".target")) {
        target = &toks[0];
        target_line = line.no;
        if (toks.size() > 1 && toks[1].kind == TokKind::kIdent) {
          m_family = family_from_name(toks[1].text).value_or(isa::Family::kDaVinci);
        }
        break;
      }
    }
    if (!target) {
      error(DiagId::kMissingTarget, first_line, first ? first->col : 1,
            "missing '.target' directive (it must come first: '.target davinci')");
    } else if (target != first) {
      error(DiagId::kTargetNotFirst, target_line, target->col,
            "'.target' must come before any other statement");
    }
  }

  void assemble_line(const SourceLine& line) {
    std::span<const Token> toks = line.lex.tokens;
    while (toks.size() >= 2 && toks[0].kind == TokKind::kIdent && toks[1].is(":")) {
      define_label(toks[0], line.no);
      toks = toks.subspan(2);
    }
    const Token& head = toks.front();
    if (head.kind == TokKind::kEnd) {
      return;
    }
    if (head.kind == TokKind::kDirective) {
      directive(line, toks);
    } else if (head.kind == TokKind::kIdent) {
      instruction(line, toks);
    } else {
      error(DiagId::kSyntax, line.no, head.col,
            fmt::format("expected a label, an instruction or a directive, got {}", describe(head)));
    }
  }

  // Reports a reserved name (a register spelling); returns whether the name is usable.
  bool usable_name(const Token& t, int line, std::string_view what) {
    if (looks_like_register(t.text)) {
      error(DiagId::kReservedName, line, t.col,
            fmt::format("'{}' is a register name and cannot name a {}", t.text, what));
      return false;
    }
    return true;
  }

  void define_label(const Token& t, int line) {
    if (!usable_name(t, line, "label")) {
      return;
    }
    auto [it, fresh] = m_labels.try_emplace(std::string(t.text), LabelDef{m_insts.size(), line});
    if (!fresh) {
      error(DiagId::kDuplicateLabel, line, t.col,
            fmt::format("duplicate label '{}' (first defined at {})", t.text,
                        where(it->second.line)));
      return;
    }
    m_symbols.push_back({std::string(t.text), m_insts.size()});
  }

  // Checks `DIRECTIVE NAME [,] ...`: toks[i] must be an identifier; reports kSyntax otherwise.
  bool expect_ident(const SourceLine& line, std::span<const Token> toks, size_t i,
                    std::string_view usage) {
    if (i < toks.size() && toks[i].kind == TokKind::kIdent) {
      return true;
    }
    const Token& t = i < toks.size() ? toks[i] : toks.back();
    error(DiagId::kSyntax, line.no, t.col,
          fmt::format("'{}' expects {}, got {}", toks[0].text, usage, describe(t)));
    return false;
  }

  bool expect_end(const SourceLine& line, std::span<const Token> toks, size_t i) {
    if (toks[i].kind == TokKind::kEnd) {
      return true;
    }
    error(
        DiagId::kSyntax, line.no, toks[i].col,
        fmt::format("unexpected {} after the arguments of '{}'", describe(toks[i]), toks[0].text));
    return false;
  }

  void directive(const SourceLine& line, std::span<const Token> toks) {
    std::string_view d = toks[0].text;
    if (iequals(d, ".target")) {
      target_directive(line, toks);
    } else if (iequals(d, ".kernel")) {
      if (!expect_ident(line, toks, 1, "a kernel name") || !expect_end(line, toks, 2) ||
          !usable_name(toks[1], line.no, "kernel")) {
        return;
      }
      if (m_kernel_line != 0) {
        error(DiagId::kDuplicateKernel, line.no, toks[0].col,
              fmt::format("duplicate '.kernel' (first given at {})", where(m_kernel_line)));
        return;
      }
      m_kernel_line = line.no;
      m_kernel = std::string(toks[1].text);
    } else if (iequals(d, ".param")) {
      param_directive(line, toks);
    } else if (iequals(d, ".equ")) {
      equ_directive(line, toks);
    } else if (iequals(d, ".smem") || iequals(d, ".rf") || iequals(d, ".threads") ||
               iequals(d, ".regs")) {
      cta_directive(line, toks);
    } else {
      error(DiagId::kUnknownDirective, line.no, toks[0].col,
            fmt::format("unknown directive '{}' (expected .target, .kernel, .param, .equ, .smem, "
                        ".rf, .threads or .regs)",
                        d));
    }
  }

  void target_directive(const SourceLine& line, std::span<const Token> toks) {
    if (!expect_ident(line, toks, 1, "a target name (davinci or tensorcore)") ||
        !expect_end(line, toks, 2)) {
      return;
    }
    if (m_target_line != 0) {
      error(DiagId::kDuplicateTarget, line.no, toks[0].col,
            fmt::format("duplicate '.target' (first given at {})", where(m_target_line)));
      return;
    }
    m_target_line = line.no;
    if (!family_from_name(toks[1].text)) {
      error(DiagId::kUnknownTarget, line.no, toks[1].col,
            fmt::format("unknown target '{}' (expected davinci or tensorcore)", toks[1].text));
    }
  }

  void param_directive(const SourceLine& line, std::span<const Token> toks) {
    size_t type_at = toks.size() > 2 && toks[2].is(",") ? 3 : 2;
    if (!expect_ident(line, toks, 1, "a parameter name and a type") ||
        !expect_ident(line, toks, type_at, "a parameter type after the name") ||
        !expect_end(line, toks, type_at + 1) || !usable_name(toks[1], line.no, "parameter")) {
      return;
    }
    const Token& name = toks[1];
    const Token& type = toks[type_at];
    auto [it, fresh] = m_param_lines.try_emplace(std::string(name.text), line.no);
    if (!fresh) {
      error(DiagId::kDuplicateParam, line.no, name.col,
            fmt::format("duplicate parameter '{}' (first declared at {})", name.text,
                        where(it->second)));
      return;
    }
    std::optional<ParamType> t = param_type_from_name(type.text);
    if (!t) {
      error(DiagId::kBadParamType, line.no, type.col,
            fmt::format("unknown parameter type '{}' (expected ptr, u32, u64, i32, i64 or f32)",
                        type.text));
      return;
    }
    m_params.push_back({std::string(name.text), *t});
  }

  void equ_directive(const SourceLine& line, std::span<const Token> toks) {
    if (!expect_ident(line, toks, 1, "a name and a value") ||
        !usable_name(toks[1], line.no, "constant")) {
      return;
    }
    size_t expr_at = toks[2].is(",") ? 3 : 2;
    std::span<const Token> expr = toks.subspan(expr_at, toks.size() - 1 - expr_at);
    if (expr.empty()) {
      error(DiagId::kSyntax, line.no, toks.back().col,
            fmt::format("'.equ' expects a value after the name, got end of line"));
      return;
    }
    ExprResult r = eval_expr(expr, toks.back(), m_constants, line.no);
    if (r.error) {
      error(*r.error);
      return;
    }
    auto [it, fresh] = m_constant_lines.try_emplace(std::string(toks[1].text), line.no);
    if (!fresh) {
      error(DiagId::kDuplicateEqu, line.no, toks[1].col,
            fmt::format("duplicate constant '{}' (first defined at {})", toks[1].text,
                        where(it->second)));
      return;
    }
    m_constants[std::string(toks[1].text)] = *r.value;
  }

  // .smem EXPR / .rf EXPR (bytes), .threads EXPR and .regs EXPR (registers per thread): what one
  // CTA claims (tensor-core kernels). .regs and .rf both claim the register file: one of them.
  void cta_directive(const SourceLine& line, std::span<const Token> toks) {
    std::string d(toks[0].text);
    for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::span<const Token> expr = toks.subspan(1, toks.size() - 2);
    if (expr.empty()) {
      error(DiagId::kSyntax, line.no, toks.back().col,
            fmt::format("'{}' expects a value, got end of line", d));
      return;
    }
    ExprResult r = eval_expr(expr, toks.back(), m_constants, line.no);
    if (r.error) {
      error(*r.error);
      return;
    }
    if (m_family != isa::Family::kTensorCore) {
      error(DiagId::kBadCtaResource, line.no, toks[0].col,
            fmt::format("'{}' declares a CTA resource: only tensor-core kernels have CTAs", d));
      return;
    }
    const bool threads = d == ".threads", regs = d == ".regs";
    const int64_t lo = threads || regs ? 1 : 0;
    const auto hi = static_cast<int64_t>(threads ? kMaxCtaThreads
                                         : regs  ? kMaxCtaRegs
                                                 : kMaxCtaBytes);
    if (*r.value < lo || *r.value > hi) {
      error(DiagId::kBadCtaResource, line.no, toks[1].col,
            fmt::format("'{}' {} is out of range ({}..{}{})", d, *r.value, lo, hi,
                        threads ? " threads"
                        : regs  ? " registers per thread"
                                : " bytes"));
      return;
    }
    std::optional<uint64_t>& slot = d == ".smem"   ? m_cta.smem_bytes
                                    : d == ".rf"   ? m_cta.rf_bytes
                                    : d == ".regs" ? m_cta.regs
                                                   : m_cta.threads;
    auto [it, fresh] = m_cta_lines.try_emplace(d, line.no);
    if (!fresh) {
      error(DiagId::kDuplicateCtaResource, line.no, toks[0].col,
            fmt::format("duplicate '{}' (first given at {})", d, where(it->second)));
      return;
    }
    if (const auto other = m_cta_lines.find(d == ".rf"     ? ".regs"
                                            : d == ".regs" ? ".rf"
                                                           : "");
        other != m_cta_lines.end()) {
      error(DiagId::kConflictingCtaResource, line.no, toks[0].col,
            fmt::format("'{}' and '{}' (line {}) both claim the register file: declare registers "
                        "per thread (.regs) or bytes (.rf), not both",
                        d, other->first, other->second));
      return;
    }
    slot = static_cast<uint64_t>(*r.value);
  }

  void instruction(const SourceLine& line, std::span<const Token> toks) {
    PendingInst inst;
    inst.line = line.no;
    inst.col = toks[0].col;
    inst.info = isa::find_op(m_family, toks[0].text);
    if (!inst.info) {
      unknown_instruction(line, toks[0]);
    } else {
      OperandEnv env{m_constants, m_params, line.no};
      if (std::optional<Diagnostic> d = parse_operands(toks, env, inst)) {
        error(*d);
      }
    }
    size_t end = line.text.find_last_not_of(" \t\r");
    m_line_entries.push_back(
        {m_insts.size(), static_cast<uint32_t>(main_source_line(m_pp, line.no)),
         static_cast<uint32_t>(inst.col),
         std::string(line.text.substr(0, end == std::string_view::npos ? 0 : end + 1))});
    m_insts.push_back(std::move(inst));
  }

  void unknown_instruction(const SourceLine& line, const Token& t) {
    const isa::OpInfo* best = nullptr;
    size_t best_d = 3;
    for (const isa::OpInfo& row : isa::op_table(m_family)) {
      size_t d = edit_distance(t.text, row.mnemonic);
      if (d < best_d) {
        best_d = d;
        best = &row;
      }
    }
    std::string msg = fmt::format("unknown instruction '{}'", t.text);
    if (best) {
      msg += fmt::format("; did you mean '{}'?", best->mnemonic);
    }
    error(DiagId::kUnknownInstruction, line.no, t.col, std::move(msg));
  }

  void finish() {
    if (m_pp.cut) {  // whole-program checks on a cut stream would only report the cut
      resolve_labels();
      return;
    }
    if (m_kernel_line == 0) {
      error(DiagId::kMissingKernel, 0, 1, "missing '.kernel' directive (the kernel's name)");
    }
    if (m_insts.empty()) {
      error(DiagId::kEmptyProgram, 0, 1, "the program has no instructions");
    } else if (const PendingInst& last = m_insts.back();
               last.info && !ends_flow(last.info->opcode)) {
      error(DiagId::kFallThrough, last.line, last.col,
            fmt::format("the last instruction '{}' can fall through the end of the program "
                        "(end with 'halt' or 'jmp')",
                        last.info->mnemonic));
    }
    resolve_labels();
  }

  void resolve_labels() {
    for (PendingInst& inst : m_insts) {
      if (inst.label.empty()) {
        continue;
      }
      auto it = m_labels.find(inst.label);
      if (it == m_labels.end()) {
        error(DiagId::kUndefinedLabel, inst.line, inst.label_col,
              fmt::format("undefined label '{}'", inst.label));
      } else if (it->second.pc >= m_insts.size()) {
        error(DiagId::kTargetPastEnd, inst.line, inst.label_col,
              fmt::format("label '{}' is after the last instruction: nothing to branch to",
                          inst.label));
      } else if (std::optional<std::string> why =
                     place_field(inst.target_field, static_cast<int64_t>(it->second.pc), inst)) {
        error(DiagId::kImmRange, inst.line, inst.label_col, *why);
      }
    }
  }

  Image build_image() {
    Image image;
    image.family = m_family;
    image.kernel = m_kernel;
    image.params = m_params;
    image.symbols = m_symbols;
    image.lines = m_line_entries;
    image.source_name = m_name;
    image.cta = m_cta;
    for (const PendingInst& inst : m_insts) {
      image.code.push_back(isa::encode(*inst.info, inst.regs, inst.imm));
    }
    assert(check_image(image).empty());
    return image;
  }

  struct LabelDef {
    size_t pc;
    int line;
  };

  // CONFIG
  std::string m_name;
  PreprocessResult m_pp;  // the stream m_lines' text points into
  std::vector<SourceLine> m_lines;
  // STATE
  DiagList& m_diags = m_pp.diags;  // the preprocessor's diagnostics, then the assembler's
  isa::Family m_family = isa::Family::kDaVinci;
  int m_target_line = 0;  // first .target seen (0: none yet)
  int m_kernel_line = 0;
  std::string m_kernel;
  std::vector<Param> m_params;
  std::map<std::string, int, std::less<>> m_param_lines;
  Constants m_constants;
  CtaDeclaration m_cta;
  std::map<std::string, int, std::less<>> m_cta_lines;  // directive -> line first given
  std::map<std::string, int, std::less<>> m_constant_lines;
  std::map<std::string, LabelDef, std::less<>> m_labels;
  std::vector<Symbol> m_symbols;
  std::vector<PendingInst> m_insts;
  std::vector<LineEntry> m_line_entries;
};

}  // namespace

AsmResult assemble_source(std::string_view text, std::string_view display_name,
                          const AsmOptions& options) {
  return Assembler(text, display_name, options).run();
}

}  // namespace npu::as
