// Deterministic FP16 input generation (see inputs.h).
//
// Category choice uses 1/1024 resolution: each edge class takes 10/1024 (~1%) of the values.
#include "util/inputs.h"

#include <random>

#include "func/fp16.h"

namespace npu::tb {

namespace {

// Uniform float in [-2, 2) from 24 random bits, rounded to FP16; values that round to 2.0 are
// redrawn so the range stays half-open.
uint16_t uniform_pm2(std::mt19937_64& rng) {
  while (true) {
    const uint64_t r = rng() >> 40;  // 24 bits
    const float x = static_cast<float>(static_cast<int64_t>(r) - (int64_t{1} << 23)) * 0x1p-22f;
    const uint16_t h = func::f32_to_f16(x);
    if (h != 0x4000) {
      return h;
    }
  }
}

}  // namespace

std::vector<uint16_t> random_f16(size_t count, uint64_t seed, EdgeMix mix) {
  std::vector<uint16_t> out(count);
  fill_random_f16(out, seed, mix);
  return out;
}

void fill_random_f16(std::span<uint16_t> out, uint64_t seed, EdgeMix mix) {
  std::mt19937_64 rng(seed);
  for (uint16_t& v : out) {
    if (mix == EdgeMix::kNone) {
      v = uniform_pm2(rng);
      continue;
    }
    const uint64_t r = rng();
    const uint64_t category = r & 1023;
    const uint16_t sign = (r >> 10) & 1 ? 0x8000 : 0;
    const uint16_t bits = static_cast<uint16_t>(r >> 16);
    if (category < 10) {
      v = 0x8000;  // -0
    } else if (category < 20) {
      v = 0x0000;
    } else if (category < 30) {
      v = sign | static_cast<uint16_t>(1 + bits % 0x3ff);  // subnormal 0x001..0x3ff
    } else if (category < 40) {
      v = sign | func::kF16PosInf;
    } else if (category < 50) {
      v = sign | 0x7c00 | static_cast<uint16_t>(1 + bits % 0x3ff);  // NaN, any payload
    } else if (category < 60) {
      // 256 < |x| <= 65504: exponent fields 23..30 (256..65504); skip exactly 256.0.
      const uint16_t mag = static_cast<uint16_t>(0x5c01 + bits % (0x7bff - 0x5c01 + 1));
      v = sign | mag;
    } else {
      v = uniform_pm2(rng);
    }
  }
}

std::vector<int8_t> random_s8(size_t count, uint64_t seed, EdgeMix mix) {
  std::vector<int8_t> out(count);
  fill_random_s8(out, seed, mix);
  return out;
}

void fill_random_s8(std::span<int8_t> out, uint64_t seed, EdgeMix mix) {
  std::mt19937_64 rng(seed);
  for (int8_t& v : out) {
    const uint64_t r = rng();
    const uint64_t category = mix == EdgeMix::kEdges ? (r >> 32) & 1023 : 1023;
    const auto uniform = static_cast<uint8_t>(r & 0xFF);
    v = category < 20   ? int8_t{-128}
        : category < 40 ? int8_t{127}
        : category < 60 ? int8_t{0}
                        : static_cast<int8_t>(uniform);
  }
}

}  // namespace npu::tb
