// MMAD test vectors for the cube co-simulation: random jobs (shapes, gaps and values drawn with
// edge values mixed in) and a directed set (zeros, signed zeros, denormals, inf, NaN, overflow,
// cancellation, ties, K/M/N tails, INT8 extremes). Pure C++: the buffers are in the L0A/L0B/L0C
// layouts of systemc/func, ready for func::mmad_* and the RTL adapter alike.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "isa/isa.h"

namespace npu::tb {

struct CubeJob {
  std::string label;
  isa::Dtype dtype = isa::Dtype::kF16;  // kF16 or kS8
  size_t m = 16, k = 16, n = 16;
  bool init = false;
  uint32_t gap = 0;        // idle input cycles before it (0: streams behind the previous job)
  std::vector<uint8_t> a;  // L0A tile
  std::vector<uint8_t> b;  // L0B tile
  std::vector<uint8_t> c;  // L0C tile before the MMAD (FP32 or INT32 words)
  size_t fractals() const;
};

// A random job: shape up to max_m x max_k x max_n, gap 0 or 6..15, values per a random flavour
// (well-scaled, edge-heavy, or specials such as inf/NaN sprinkled in).
CubeJob random_job(std::mt19937_64& rng, isa::Dtype dtype, size_t max_m, size_t max_k,
                   size_t max_n);

// The directed set for one dtype.
std::vector<CubeJob> directed_jobs(isa::Dtype dtype);

}  // namespace npu::tb
