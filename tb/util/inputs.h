// Deterministic test-input generation (seeded std::mt19937_64).
//
// The same (count, seed, mix) gives the same values on every platform: raw generator output is
// mapped to values with our own integer arithmetic, never through std::*_distribution (whose
// algorithms differ between standard libraries). Ignores realistic data distributions: the goal
// is to exercise the numerics, not to look like activations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace npu::tb {

enum class EdgeMix : uint8_t {
  kNone,   // only values in [-2, 2)
  kEdges,  // plus ~1% each of -0, +0, subnormals, +-inf, NaN and large values (|x| > 256)
};

// FP16 bit patterns. Mostly uniform values in [-2, 2) (rounded to FP16, never 2.0). With kEdges,
// the large values (256 < |x| <= 65504) make some GEMM outputs overflow FP16, and NaNs carry
// random payloads and signs (quiet and signalling).
std::vector<uint16_t> random_f16(size_t count, uint64_t seed, EdgeMix mix);
// The same values written in place (e.g. straight into GM): out.size() is the count.
void fill_random_f16(std::span<uint16_t> out, uint64_t seed, EdgeMix mix);

// INT8 values, uniform over [-128, 127]; with kEdges ~2% each are the extremes -128 and 127
// (and 0), so products of extremes (16384) and long runs of them show up in every tile.
std::vector<int8_t> random_s8(size_t count, uint64_t seed, EdgeMix mix);
void fill_random_s8(std::span<int8_t> out, uint64_t seed, EdgeMix mix);

}  // namespace npu::tb
