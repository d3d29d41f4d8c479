// Operand parsing by operand kind (see operands.h). Every kind the ISA table can name is handled
// here once: registers, integer expressions, labels, parameters, pipes, flag ids, special
// registers and [xN +/- expr] memory operands. Deliberately ignores semantic limits that only the
// model knows (alignment, buffer sizes): those are firmware faults at run time.
#include "asm/operands.h"

#include <fmt/format.h>

namespace npu::as {
namespace {

using isa::OperandKind;

std::string_view expected_text(OperandKind kind) {
  switch (kind) {
    case OperandKind::kReg:
      return "a register (x0..x31)";
    case OperandKind::kImm:
      return "an integer expression";
    case OperandKind::kTarget:
      return "a label";
    case OperandKind::kParam:
      return "a parameter name";
    case OperandKind::kPipe:
      return "a pipe name";
    case OperandKind::kFlagId:
      return "a flag id (0..7)";
    case OperandKind::kSpecial:
      return "a special register name";
    case OperandKind::kMem:
      return "a memory operand [xN + offset]";
  }
  return "?";
}

std::string got_text(std::span<const Token> toks) {
  const Token& t = toks.front();
  if (t.is("[")) {
    return "a memory operand";
  }
  if (toks.size() == 1 && t.kind == TokKind::kIdent) {
    return looks_like_register(t.text) ? fmt::format("register '{}'", t.text)
                                       : fmt::format("name '{}'", t.text);
  }
  if (toks.size() == 1 && t.kind == TokKind::kNumber) {
    return fmt::format("number {}", t.text);
  }
  return "an expression";
}

bool fits_signed(int64_t v, int bits) {
  const int64_t lo = -(int64_t{1} << (bits - 1));
  const int64_t hi = (int64_t{1} << (bits - 1)) - 1;
  return v >= lo && v <= hi;
}

class OperandParser {
 public:
  OperandParser(int index, std::span<const Token> toks, const Token& terminator,
                const OperandEnv& env, PendingInst& inst)
      : m_spec(inst.info->operands[index]),
        m_index(index),
        m_toks(toks),
        m_terminator(terminator),
        m_env(env),
        m_inst(inst) {}

  std::optional<Diagnostic> run() {
    const Token& t = m_toks.front();
    bool single_ident = m_toks.size() == 1 && t.kind == TokKind::kIdent;
    switch (m_spec.kind) {
      case OperandKind::kReg:
        if (!single_ident) {
          return wrong_kind();
        }
        return reg(t, m_spec.field);
      case OperandKind::kImm:
        return imm(m_toks, m_terminator);
      case OperandKind::kFlagId:
        return flag();
      case OperandKind::kTarget:
        if (!single_ident || looks_like_register(t.text)) {
          return wrong_kind();
        }
        m_inst.label = std::string(t.text);
        m_inst.label_col = t.col;
        m_inst.target_field = m_spec.field;
        return std::nullopt;
      case OperandKind::kParam: {
        if (!single_ident || looks_like_register(t.text)) {
          return wrong_kind();
        }
        for (size_t i = 0; i < m_env.params.size(); ++i) {
          if (m_env.params[i].name == t.text) {
            return place(t, static_cast<int64_t>(i));
          }
        }
        return error(DiagId::kUndefinedParam, t, fmt::format("undefined parameter '{}'", t.text));
      }
      case OperandKind::kPipe: {
        if (!single_ident) {
          return wrong_kind();
        }
        std::optional<isa::Pipe> p = isa::pipe_from_name(t.text);
        if (!p) {
          return error(DiagId::kUnknownPipe, t,
                       fmt::format("unknown pipe '{}' (expected S, MTE1, MTE2, MTE3, M, V, FIX or "
                                   "ALL)",
                                   t.text));
        }
        if (!isa::pipe_operand_ok(m_inst.info->opcode, *p)) {
          return error(DiagId::kUnknownPipe, t,
                       fmt::format("{}: pipe ALL is only valid for barrier (a flag joins two "
                                   "pipes: S, MTE1, MTE2, MTE3, M, V or FIX)",
                                   where()));
        }
        return place(t, static_cast<int64_t>(*p));
      }
      case OperandKind::kSpecial: {
        if (!single_ident) {
          return wrong_kind();
        }
        std::optional<isa::SpecialReg> s = isa::special_reg_from_name(t.text);
        if (!s) {
          return error(DiagId::kUnknownSpecial, t,
                       fmt::format("unknown special register '{}' (expected block_idx, block_dim, "
                                   "core_id or cycles)",
                                   t.text));
        }
        return place(t, static_cast<int64_t>(*s));
      }
      case OperandKind::kMem:
        return mem();
    }
    return wrong_kind();
  }

 private:
  std::string where() const {
    return fmt::format("operand {} ('{}') of '{}'", m_index + 1, m_spec.name,
                       m_inst.info->mnemonic);
  }

  Diagnostic error(DiagId id, const Token& at, std::string message) const {
    return Diagnostic{id, m_env.line, at.col, std::move(message)};
  }

  Diagnostic wrong_kind() const {
    return error(DiagId::kOperandKind, m_toks.front(),
                 fmt::format("{}: expected {}, got {}", where(), expected_text(m_spec.kind),
                             got_text(m_toks)));
  }

  std::optional<Diagnostic> place(const Token& at, int64_t value) {
    if (std::optional<std::string> why = place_field(m_spec.field, value, m_inst)) {
      return error(DiagId::kImmRange, at, fmt::format("{}: {}", where(), *why));
    }
    return std::nullopt;
  }

  std::optional<Diagnostic> reg(const Token& t, isa::Field field) {
    std::optional<int> r = parse_register(t.text);
    if (!r) {
      return error(
          DiagId::kBadRegister, t,
          looks_like_register(t.text)
              ? fmt::format("{}: bad register '{}' (registers are x0..x31)", where(), t.text)
              : fmt::format("{}: '{}' is not a register (registers are x0..x31)", where(), t.text));
    }
    m_inst.regs[static_cast<int>(field)] = static_cast<uint8_t>(*r);
    return std::nullopt;
  }

  std::optional<Diagnostic> imm(std::span<const Token> toks, const Token& terminator) {
    if (toks.front().is("[") || (toks.size() == 1 && toks.front().kind == TokKind::kIdent &&
                                 looks_like_register(toks.front().text))) {
      return wrong_kind();
    }
    ExprResult r = eval_expr(toks, terminator, m_env.constants, m_env.line);
    if (r.error) {
      return r.error;
    }
    return place(toks.front(), *r.value);
  }

  std::optional<Diagnostic> flag() {
    if (m_toks.front().is("[")) {
      return wrong_kind();
    }
    ExprResult r = eval_expr(m_toks, m_terminator, m_env.constants, m_env.line);
    if (r.error) {
      return r.error;
    }
    if (*r.value < 0 || *r.value >= isa::kNumFlagIds) {
      return error(DiagId::kFlagRange, m_toks.front(),
                   fmt::format("{}: flag id {} out of range (0..{})", where(), *r.value,
                               isa::kNumFlagIds - 1));
    }
    return place(m_toks.front(), *r.value);
  }

  // [xN], [xN + expr], [xN - expr]: base register into the row's field, offset into IMM.
  std::optional<Diagnostic> mem() {
    if (!m_toks.front().is("[")) {
      return wrong_kind();
    }
    size_t close = 0;
    while (close < m_toks.size() && !m_toks[close].is("]")) {
      ++close;
    }
    if (close == m_toks.size()) {
      return error(DiagId::kBadMemOperand, m_terminator,
                   fmt::format("{}: expected ']' to close the memory operand, got {}", where(),
                               describe(m_terminator)));
    }
    if (close + 1 != m_toks.size()) {
      return error(
          DiagId::kBadMemOperand, m_toks[close + 1],
          fmt::format("{}: unexpected {} after ']'", where(), describe(m_toks[close + 1])));
    }
    const Token& base = close > 1 ? m_toks[1] : m_toks[close];
    if (base.kind != TokKind::kIdent) {
      return error(
          DiagId::kBadMemOperand, base,
          fmt::format("{}: expected a base register after '[', got {}", where(), describe(base)));
    }
    if (std::optional<Diagnostic> d = reg(base, m_spec.field)) {
      return d;
    }
    if (close == 2) {
      return std::nullopt;  // [xN]: offset 0
    }
    const Token& sign = m_toks[2];
    if (!sign.is("+") && !sign.is("-")) {
      return error(DiagId::kBadMemOperand, sign,
                   fmt::format("{}: expected '+', '-' or ']' after the base register, got {}",
                               where(), describe(sign)));
    }
    // The sign is part of the expression, so [x1 - 4 + 2] is x1 + (-4 + 2).
    ExprResult r =
        eval_expr(m_toks.subspan(2, close - 2), m_toks[close], m_env.constants, m_env.line);
    if (r.error) {
      return r.error;
    }
    if (!fits_signed(*r.value, 32)) {
      return error(DiagId::kImmRange, sign,
                   fmt::format("{}: memory offset {} does not fit the signed 32-bit IMM field",
                               where(), *r.value));
    }
    m_inst.imm = *r.value;
    return std::nullopt;
  }

  // CONFIG
  const isa::OperandSpec& m_spec;
  int m_index;
  std::span<const Token> m_toks;
  const Token& m_terminator;
  const OperandEnv& m_env;
  // STATE
  PendingInst& m_inst;
};

}  // namespace

std::optional<std::string> place_field(isa::Field field, int64_t value, PendingInst& inst) {
  using isa::Field;
  switch (field) {
    case Field::kImm:
      if (!fits_signed(value, 32)) {
        return fmt::format("value {} does not fit the signed 32-bit IMM field", value);
      }
      inst.imm = value;
      return std::nullopt;
    case Field::kImm48:
      if (!fits_signed(value, 48)) {
        return fmt::format("value {} does not fit the signed 48-bit IMM48 field", value);
      }
      inst.imm = value;
      return std::nullopt;
    case Field::kImmB0:
    case Field::kImmB1:
    case Field::kImmB2: {
      if (value < 0 || value > 255) {
        return fmt::format("value {} does not fit an 8-bit immediate lane", value);
      }
      int lane = static_cast<int>(field) - static_cast<int>(Field::kImmB0);
      inst.imm |= value << (8 * lane);
      return std::nullopt;
    }
    default:
      if (value < 0 || value >= isa::kNumRegs) {
        return fmt::format("value {} does not fit a register field", value);
      }
      inst.regs[static_cast<int>(field)] = static_cast<uint8_t>(value);
      return std::nullopt;
  }
}

std::optional<Diagnostic> parse_operands(std::span<const Token> toks, const OperandEnv& env,
                                         PendingInst& inst) {
  std::vector<std::span<const Token>> ops;
  std::vector<const Token*> terms;
  std::span<const Token> rest = toks.subspan(1);
  if (rest.front().kind != TokKind::kEnd) {
    size_t start = 0;
    for (size_t i = 0; i < rest.size(); ++i) {
      if (rest[i].is(",") || rest[i].kind == TokKind::kEnd) {
        if (i == start) {
          return Diagnostic{DiagId::kSyntax, env.line, rest[i].col,
                            fmt::format("expected an operand, got {}", describe(rest[i]))};
        }
        ops.push_back(rest.subspan(start, i - start));
        terms.push_back(&rest[i]);
        start = i + 1;
      }
    }
  }
  const isa::OpInfo& info = *inst.info;
  if (ops.size() != info.num_operands) {
    std::string names;
    for (int i = 0; i < info.num_operands; ++i) {
      names += fmt::format("{}{}", i ? ", " : "", info.operands[i].name);
    }
    std::string want = info.num_operands == 0
                           ? "no operands"
                           : fmt::format("{} operand{} ({})", info.num_operands,
                                         info.num_operands == 1 ? "" : "s", names);
    return Diagnostic{DiagId::kOperandCount, env.line, toks[0].col,
                      fmt::format("'{}' expects {}, got {}", info.mnemonic, want, ops.size())};
  }
  for (size_t i = 0; i < ops.size(); ++i) {
    if (std::optional<Diagnostic> d =
            OperandParser(static_cast<int>(i), ops[i], *terms[i], env, inst).run()) {
      return d;
    }
  }
  return std::nullopt;
}

}  // namespace npu::as
