// The RTL cube in the DaVinci model's loop (see cube_rtl_backend.h).
#include "cosim/cube_rtl_backend.h"

#include <fmt/format.h>

namespace npu::cosim {

CubeRtlBackend::CubeRtlBackend(int cores) : m_drain_ready(static_cast<size_t>(cores), 0) {
  for (int i = 0; i < cores; ++i) {
    m_cubes.push_back(
        std::make_unique<CubeCosim>(fmt::format("cube_rtl{}", i).c_str(), sc_core::SC_ZERO_TIME));
  }
}

uint64_t CubeRtlBackend::mmad(int core, isa::Dtype dtype, void* c, const void* a, const void* b,
                              size_t m, size_t k, size_t n, bool init, bool streamed,
                              uint64_t model_cycles) {
  const auto i = static_cast<size_t>(core);
  CubeCosim& cube = *m_cubes.at(i);
  const MmadJob job{dtype, c, a, b, m, k, n, init, 0};
  uint64_t cycles = cube.run(std::span(&job, 1)).front().cycles;
  if (streamed) cycles -= std::min(m_drain_ready[i], cycles - 1);
  m_drain_ready[i] = cube.drain_ready_cycles();
  ++m_mmads;
  m_cycles += cycles;
  if (cycles != model_cycles && m_mismatches++ == 0) {
    m_first_mismatch = fmt::format("core {} MMAD m={} k={} n={}{}: RTL {} cycles, model {}", core,
                                   m, k, n, streamed ? " (streamed)" : "", cycles, model_cycles);
  }
  return cycles;
}

}  // namespace npu::cosim
