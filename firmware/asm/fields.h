// Internal helpers shared by the assembler, the image checks and the disassembler: where an
// operand's value lives in a decoded instruction, and which instructions end a program.
// Driven by the ISA table's Field of each operand; knows nothing about individual mnemonics
// except the two unconditional control transfers (halt, jmp).
#pragma once

#include <cstdint>

#include "isa/isa.h"

namespace npu::as {

inline int field_lane(isa::Field f) {
  return f == isa::Field::kImmB0   ? 0
         : f == isa::Field::kImmB1 ? 1
         : f == isa::Field::kImmB2 ? 2
                                   : -1;
}

inline bool is_reg_field(isa::Field f) {
  return static_cast<int>(f) <= static_cast<int>(isa::Field::kR5);
}

// The value of one operand field of a decoded instruction (register number, byte lane or
// immediate).
inline int64_t field_value(const isa::Inst& inst, isa::Field f) {
  if (is_reg_field(f)) {
    return inst.r[static_cast<int>(f)];
  }
  int lane = field_lane(f);
  return lane >= 0 ? inst.imm_byte(lane) : inst.imm;
}

// The memory operand's offset lives in IMM next to its base register field.
inline int64_t mem_offset(const isa::Inst& inst) { return inst.imm; }

// Execution cannot continue past these: a program must end with one.
inline bool ends_flow(isa::Opcode op) {
  return op == isa::Opcode::kHalt || op == isa::Opcode::kJmp;
}

}  // namespace npu::as
