// The disassembler: Image -> assembler source, and one instruction -> text for traces and fault
// reports. The listing is valid input to the assembler and reassembles to the same code, params
// and symbol pcs; .equ names and expressions are gone (immediates print in decimal) and branch
// targets without a symbol get invented labels L<pc>. Comments carry `# pc N  line L`.
// Deliberately ignores the source's layout and comments (the line table keeps the source text).
#pragma once

#include <cstddef>
#include <string>

#include "asm/image.h"
#include "isa/isa.h"

namespace npu::as {

std::string disassemble(const Image& image);

// One instruction in assembler syntax. With for_names, branch targets print as labels and
// parameters by name; without, both print as numbers.
std::string disassemble_inst(const isa::Inst& inst, const Image* for_names);

// The label printed for a branch to pc: the first symbol at pc, else L<pc> (suffixed with '_'
// until it collides with no symbol).
std::string label_for_pc(const Image& image, size_t pc);

std::string_view family_name(isa::Family family);  // "davinci", "tensorcore"

}  // namespace npu::as
