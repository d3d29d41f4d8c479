// What the DaVinci cube charges for one MMAD (chip YAML core.cube): one fractal, 16 x 16 x 16 for
// FP16 or 16 x 32 x 16 for INT8, per (fractal MACs / macs_f16 or macs_s8) cycles, plus the head
// when the cube starts after an idle gap; an MMAD that starts the moment the previous one ends
// hides its head behind that one's drain. Shared by the engine (davinci_exec.cpp) and the RTL
// co-simulation checks.
#pragma once

#include "config/chip_config.h"
#include "isa/isa.h"

namespace npu::model {

inline double cube_mmad_cycles(const config::DaVinciCoreConfig& c, isa::Dtype d, double fractals,
                               bool idle) {
  const bool s8 = d == isa::Dtype::kS8;
  const double macs = s8 ? c.cube_macs_per_cycle_s8 : c.cube_macs_per_cycle_f16;
  return fractals * (16.0 * (s8 ? 32 : 16) * 16) / macs + (idle ? c.cube_head_cycles : 0);
}

}  // namespace npu::model
