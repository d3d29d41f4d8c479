// Where the cycles went: per engine busy and stall cycles by cause (waiting on a flag, the
// control thread finding the queue full, transfers slowed by shared memory bandwidth), bytes per
// memory level and the L2 hit rate; as report JSON fields and as a readable table.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "chip/chip.h"

namespace npu::tb {

// Fractions are of (cycles x cores used); *_cycles are summed over the cores.
nlohmann::json engines_json(const model::RunResult& r);
nlohmann::json bytes_json(const model::RunResult& r);
double l2_hit_rate(const model::RunResult& r);  // of the bytes looked up in L2
void print_stall_table(std::ostream& os, const model::RunResult& r);

}  // namespace npu::tb
