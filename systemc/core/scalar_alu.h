// Scalar ALU semantics of the shared scalar subset: pure functions, no timing. The scalar front
// end (core/scalar_core.cpp) calls these; tests call them directly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

#include "isa/isa.h"

namespace npu::model {

// rd value for a register-register or register-immediate ALU op; nullopt on division by zero.
inline std::optional<uint64_t> alu(isa::Opcode op, uint64_t a, uint64_t b) {
  using isa::Opcode;
  const auto sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
  switch (op) {
    case Opcode::kAdd: case Opcode::kAddi: return a + b;
    case Opcode::kSub: return a - b;
    case Opcode::kMul: case Opcode::kMuli: return a * b;
    case Opcode::kDivu: if (b == 0) return std::nullopt; return a / b;
    case Opcode::kRemu: if (b == 0) return std::nullopt; return a % b;
    case Opcode::kAnd: case Opcode::kAndi: return a & b;
    case Opcode::kOr: return a | b;
    case Opcode::kXor: return a ^ b;
    case Opcode::kShl: case Opcode::kShli: return a << (b & 63);
    case Opcode::kShr: case Opcode::kShri: return a >> (b & 63);
    case Opcode::kSra: case Opcode::kSrai: return static_cast<uint64_t>(sa >> (b & 63));
    case Opcode::kMin: return static_cast<uint64_t>(std::min(sa, sb));
    case Opcode::kMax: return static_cast<uint64_t>(std::max(sa, sb));
    case Opcode::kMinu: return std::min(a, b);
    case Opcode::kMaxu: return std::max(a, b);
    case Opcode::kSlt: return sa < sb ? 1 : 0;
    case Opcode::kSltu: return a < b ? 1 : 0;
    default: return std::nullopt;
  }
}

inline bool branch_taken(isa::Opcode op, uint64_t a, uint64_t b) {
  using isa::Opcode;
  const auto sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
  switch (op) {
    case Opcode::kBeq: return a == b;
    case Opcode::kBne: return a != b;
    case Opcode::kBlt: return sa < sb;
    case Opcode::kBge: return sa >= sb;
    case Opcode::kBltu: return a < b;
    case Opcode::kBgeu: return a >= b;
    default: return true;  // jmp
  }
}

}  // namespace npu::model
