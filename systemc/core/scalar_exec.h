// The shared scalar subset that needs no timing or synchronisation: li, mov, ALU, branches, ldp,
// ld/st to the scalar data memory. A control thread calls exec_plain_scalar first and handles
// the rest itself (rsr, flags, barriers, halt, the family's own scalar-side instructions).
// The DaVinci core still has its own copy of this switch (ai_core.cpp); it can move here.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/fault.h"
#include "core/scalar_alu.h"
#include "isa/isa.h"

namespace npu::model {

struct ScalarState {
  std::array<uint64_t, isa::kNumRegs> regs{};
  uint32_t pc = 0;  // of the next instruction
};

enum class PlainResult { kDone, kNotPlain, kFault };

// Executes inst (already fetched; st.pc points past it). On kFault, fault holds kind and message.
inline PlainResult exec_plain_scalar(const isa::Inst& inst, ScalarState& st,
                                     const std::vector<uint64_t>& params,
                                     std::vector<uint8_t>& data,
                                     std::pair<FaultKind, std::string>& fault) {
  using isa::Opcode;
  auto& r = st.regs;
  const uint64_t a = r[inst.r[1]], b = r[inst.r[2]];
  const Opcode op = inst.opcode();
  switch (op) {
    case Opcode::kNop:
      return PlainResult::kDone;
    case Opcode::kLi:
      r[inst.r[0]] = static_cast<uint64_t>(inst.imm);
      break;
    case Opcode::kMov:
      r[inst.r[0]] = a;
      break;
    case Opcode::kAddi:
    case Opcode::kMuli:
    case Opcode::kAndi:
    case Opcode::kShli:
    case Opcode::kShri:
    case Opcode::kSrai:
      r[inst.r[0]] = *alu(op, a, static_cast<uint64_t>(inst.imm));
      break;
    case Opcode::kBeq:
    case Opcode::kBne:
    case Opcode::kBlt:
    case Opcode::kBge:
    case Opcode::kBltu:
    case Opcode::kBgeu:
      if (branch_taken(op, r[inst.r[0]], r[inst.r[1]])) st.pc = static_cast<uint32_t>(inst.imm);
      break;
    case Opcode::kJmp:
      st.pc = static_cast<uint32_t>(inst.imm);
      break;
    case Opcode::kLdp:
      if (static_cast<size_t>(inst.imm) >= params.size()) {
        fault = {FaultKind::kIllegalInst, fmt::format("parameter index {} not bound", inst.imm)};
        return PlainResult::kFault;
      }
      r[inst.r[0]] = params[inst.imm];
      break;
    case Opcode::kLd:
    case Opcode::kSt: {
      const uint64_t addr = a + static_cast<uint64_t>(inst.imm);
      if (addr % 8 != 0 || addr >= data.size() || data.size() - addr < 8) {
        fault = {FaultKind::kScalarMemory,
                 fmt::format("scalar data access at 0x{:x} is {} (scalar data memory is {} bytes, "
                             "8-byte aligned words)",
                             addr, addr % 8 ? "misaligned" : "out of range", data.size())};
        return PlainResult::kFault;
      }
      if (op == Opcode::kLd)
        std::memcpy(&r[inst.r[0]], &data[addr], 8);
      else
        std::memcpy(&data[addr], &r[inst.r[0]], 8);
      break;
    }
    default: {
      if (inst.info->pipe != isa::Pipe::kS || op >= Opcode::kSetFlag) return PlainResult::kNotPlain;
      std::optional<uint64_t> v = alu(op, a, b);
      if (!v) {
        if (op == Opcode::kDivu || op == Opcode::kRemu) {
          fault = {FaultKind::kDivideByZero, "scalar division by zero"};
          return PlainResult::kFault;
        }
        return PlainResult::kNotPlain;
      }
      r[inst.r[0]] = *v;
      break;
    }
  }
  return PlainResult::kDone;
}

}  // namespace npu::model
