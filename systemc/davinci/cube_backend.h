// Where the DaVinci CUBE pipe can hand its MMADs instead of systemc/func: the RTL cube
// co-simulation plugs in here (npuemu run --cube rtl), so the model itself needs no Verilator.
//
// Contract: mmad() performs the MMAD on the core's L0 tiles exactly as func::mmad_f16 /
// func::mmad_s8 would (same layouts, C[i][j] for i < m, j < n replaced, nothing else touched) and
// returns the cube cycles the backend measured for it. `streamed` says the MMAD starts the moment
// the previous one on this core ended (the model hides the head then); `model_cycles` is what
// the model charges, for the backend's own bookkeeping of disagreements. It may run delta
// cycles but must not advance SystemC time: the engine waits the returned cycles itself.
#pragma once

#include <cstddef>
#include <cstdint>

#include "isa/isa.h"

namespace npu::model {

class CubeBackend {
 public:
  virtual ~CubeBackend() = default;
  virtual uint64_t mmad(int core, isa::Dtype dtype, void* c, const void* a, const void* b, size_t m,
                        size_t k, size_t n, bool init, bool streamed, uint64_t model_cycles) = 0;
};

}  // namespace npu::model
