// UB bank conflicts of one vector instruction (timing only; davinci.md section 1.3).
//
// Geometry from the chip YAML (core.ub.banks / bank_groups / bank_size). The UB is cut into
// regions of bank_groups x bank_size bytes; inside a region consecutive 32-byte rows go to
// consecutive bank groups (row % groups), and each region holds one bank of every group, so
// bank = region * groups + group (910B: 3 regions of 64 KiB, 16 groups of 3 banks). Per cycle a
// group serves one row for reading and one for writing (16 x 32 B = 512 B each way). Per repeat:
//   * read-read: the distinct source rows that fall in one group are read one per cycle, so a
//     group holding k rows costs k - 1 extra accesses (rows read twice, e.g. stride 0, count once);
//   * write-write: the same for the destination rows;
//   * read-write: the vector pipeline writes repeat r while it reads repeat r + 1; if any bank is
//     both written (r) and read (r + 1), one extra access.
// The engine charges core.vec.bank_conflict cycles per extra access. Deliberately ignored:
// conflicts with MTE2/MTE3 traffic into UB and the exact pipeline depth.
#pragma once

#include <cstdint>
#include <span>

#include "config/chip_config.h"
#include "func/vector_repeat.h"

namespace npu::model {

struct UbStream {
  func::VecOperand op;
  uint32_t blocks = 8;  // 32 B blocks per repeat
};

// Extra serialised accesses summed over all repeats.
uint64_t ub_conflicts(const config::UbBankConfig& geo, std::span<const UbStream> reads,
                      std::span<const UbStream> writes, uint32_t repeat);

}  // namespace npu::model
