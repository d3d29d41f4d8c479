// The RTL cube in the DaVinci model's loop (npuemu run --cube rtl): one Verilated cube per core,
// clocked on delta cycles (temporally decoupled), answering the CUBE pipe's MMADs.
//
// Each MMAD runs alone through its core's cube, so the cycles measured are those of an idle start
// (first fractal in to last result out). For an MMAD that the model counts as streamed behind the
// previous one, the cycles of that one's drain in which the cube could already have accepted
// fractals (the RTL's in_ready, measured) are taken off: those fractals would have entered then,
// and the pipeline's timing does not depend on the data. Every MMAD's cycles are compared with
// what the model charges; disagreements are counted and the first is described.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cosim/cube_cosim.h"
#include "davinci/cube_backend.h"

namespace npu::cosim {

class CubeRtlBackend final : public model::CubeBackend {
 public:
  explicit CubeRtlBackend(int cores);  // before elaboration (the cubes are SystemC modules)
  uint64_t mmad(int core, isa::Dtype dtype, void* c, const void* a, const void* b, size_t m,
                size_t k, size_t n, bool init, bool streamed, uint64_t model_cycles) override;

  uint64_t mmads() const { return m_mmads; }
  uint64_t cycles() const { return m_cycles; }
  uint64_t cycle_mismatches() const { return m_mismatches; }
  const std::string& first_mismatch() const { return m_first_mismatch; }

 private:
  // STATE
  std::vector<std::unique_ptr<CubeCosim>> m_cubes;
  std::vector<uint64_t> m_drain_ready;  // per core, after its last MMAD
  // STATS
  uint64_t m_mmads = 0, m_cycles = 0, m_mismatches = 0;
  std::string m_first_mismatch;
};

}  // namespace npu::cosim
