// The disassembler (see disassembler.h): operands are printed by their ISA table operand kind,
// the inverse of operands.cpp. Deliberately ignores undecodable words beyond a comment line:
// read_image never returns an image that has them.
#include "asm/disassembler.h"

#include <fmt/format.h>

#include <set>

#include "asm/fields.h"

namespace npu::as {
namespace {

constexpr size_t kCommentColumn = 40;

std::string operand_text(const isa::Inst& inst, const isa::OperandSpec& op, const Image* names) {
  using isa::OperandKind;
  int64_t v = field_value(inst, op.field);
  switch (op.kind) {
    case OperandKind::kReg:
      return fmt::format("x{}", v);
    case OperandKind::kImm:
    case OperandKind::kFlagId:
      return fmt::format("{}", v);
    case OperandKind::kTarget:
      return names && v >= 0 ? label_for_pc(*names, static_cast<size_t>(v)) : fmt::format("{}", v);
    case OperandKind::kParam:
      if (names && v >= 0 && static_cast<size_t>(v) < names->params.size()) {
        return names->params[static_cast<size_t>(v)].name;
      }
      return fmt::format("{}", v);
    case OperandKind::kPipe:
      if (v >= 0 && v <= static_cast<int64_t>(isa::Pipe::kAll)) {
        return std::string(isa::pipe_name(static_cast<isa::Pipe>(v)));
      }
      return fmt::format("{}", v);
    case OperandKind::kSpecial:
      if (v >= 0 && v < static_cast<int64_t>(isa::SpecialReg::kCount)) {
        return std::string(isa::special_reg_name(static_cast<isa::SpecialReg>(v)));
      }
      return fmt::format("{}", v);
    case OperandKind::kMem: {
      int64_t off = mem_offset(inst);
      if (off == 0) {
        return fmt::format("[x{}]", v);
      }
      return off > 0 ? fmt::format("[x{} + {}]", v, off) : fmt::format("[x{} - {}]", v, -off);
    }
  }
  return "?";
}

}  // namespace

std::string_view family_name(isa::Family family) {
  return family == isa::Family::kTensorCore ? "tensorcore" : "davinci";
}

std::string label_for_pc(const Image& image, size_t pc) {
  for (const Symbol& s : image.symbols) {
    if (s.pc == pc) {
      return s.name;
    }
  }
  std::string name = fmt::format("L{}", pc);
  while (image.symbol_pc(name)) {
    name += '_';
  }
  return name;
}

std::string disassemble_inst(const isa::Inst& inst, const Image* for_names) {
  std::string out = inst.info->mnemonic;
  for (int i = 0; i < inst.info->num_operands; ++i) {
    out += i == 0 ? " " : ", ";
    out += operand_text(inst, inst.info->operands[i], for_names);
  }
  return out;
}

std::string disassemble(const Image& image) {
  const size_t n = image.code.size();
  std::vector<isa::DecodeResult> decoded;
  std::set<size_t> targets;
  for (uint64_t word : image.code) {
    decoded.push_back(isa::decode(image.family, word));
    if (const std::optional<isa::Inst>& inst = decoded.back().inst) {
      for (int i = 0; i < inst->info->num_operands; ++i) {
        const isa::OperandSpec& op = inst->info->operands[i];
        int64_t v = field_value(*inst, op.field);
        if (op.kind == isa::OperandKind::kTarget && v >= 0) {
          targets.insert(static_cast<size_t>(v));
        }
      }
    }
  }
  std::string out = fmt::format("# kernel {} disassembled from {}\n", image.kernel,
                                image.source_name.empty() ? "(unknown)" : image.source_name);
  out += fmt::format(".target {}\n.kernel {}\n", family_name(image.family), image.kernel);
  for (const Param& p : image.params) {
    out += fmt::format(".param {} {}\n", p.name, param_type_name(p.type));
  }
  if (image.cta.smem_bytes) out += fmt::format(".smem {}\n", *image.cta.smem_bytes);
  if (image.cta.rf_bytes) out += fmt::format(".rf {}\n", *image.cta.rf_bytes);
  if (image.cta.threads) out += fmt::format(".threads {}\n", *image.cta.threads);
  if (image.cta.regs) out += fmt::format(".regs {}\n", *image.cta.regs);
  out += '\n';
  auto labels_at = [&](size_t pc) {
    bool any = false;
    for (const Symbol& s : image.symbols) {
      if (s.pc == pc) {
        out += s.name + ":\n";
        any = true;
      }
    }
    if (!any && targets.count(pc)) {
      out += label_for_pc(image, pc) + ":\n";
    }
  };
  for (size_t pc = 0; pc < n; ++pc) {
    labels_at(pc);
    const isa::DecodeResult& d = decoded[pc];
    if (!d.inst) {
      out +=
          fmt::format("    # pc {}: undecodable word 0x{:016x}: {}\n", pc, image.code[pc], d.error);
      continue;
    }
    std::string text = "    " + disassemble_inst(*d.inst, &image);
    if (text.size() < kCommentColumn) {
      text.resize(kCommentColumn, ' ');
    } else {
      text += "  ";
    }
    text += fmt::format("# pc {}", pc);
    if (const LineEntry* l = image.line_for_pc(pc)) {
      text += fmt::format("  line {}", l->line);
    }
    out += text + '\n';
  }
  labels_at(n);
  return out;
}

}  // namespace npu::as
