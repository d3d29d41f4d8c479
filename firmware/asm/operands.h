// Internal: parsing an instruction's operands according to its ISA table row (OperandSpec: kind and
// field) into register fields and the immediate. Driven only by the operand kind and field, never
// by the mnemonic. Branch targets are recorded by name and resolved after the last line.
// Deliberately ignores whole-program checks (labels defined, program end): assembler.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asm/diagnostics.h"
#include "asm/expr.h"
#include "asm/image.h"
#include "asm/lexer.h"
#include "isa/isa.h"

namespace npu::as {

// One instruction between parsing and encoding.
struct PendingInst {
  const isa::OpInfo* info = nullptr;  // nullptr: unknown mnemonic (keeps its pc slot)
  std::array<uint8_t, 6> regs{};
  int64_t imm = 0;
  std::string label;  // kTarget operand: resolved into `target_field` after the last line
  isa::Field target_field = isa::Field::kImm;
  int label_col = 0;
  int line = 0;
  int col = 0;
};

struct OperandEnv {
  const Constants& constants;
  const std::vector<Param>& params;
  int line;
};

// Parses the operands of one instruction: toks is the line from the mnemonic on (ending with
// the kEnd token) and inst.info its table row. Checks the operand count, then each operand by its
// kind; returns the first error.
std::optional<Diagnostic> parse_operands(std::span<const Token> toks, const OperandEnv& env,
                                         PendingInst& inst);

// Stores value into field, checking that it fits (registers 0..31, IMM signed 32-bit, IMM48
// signed 48-bit, byte lanes 0..255); returns the reason it does not fit.
std::optional<std::string> place_field(isa::Field field, int64_t value, PendingInst& inst);

}  // namespace npu::as
