// FP16 (IEEE binary16) and BF16 <-> FP32 conversions: the only rounding code of the model.
//
// Models the conversions of DESIGN section 6 bit for bit: FP32 -> FP16/BF16 rounds to nearest even,
// overflows to +-inf per IEEE 754, underflows through subnormals to +-0; FP16/BF16 -> FP32 is
// exact. NaN stays NaN with its sign, the quiet bit set and the top payload bits kept (payloads are
// not part of the numerics contract; only NaN-ness is). Pure integer bit manipulation: no _Float16,
// no dependence on the FP environment or compiler flags. Deliberately ignores IEEE exception flags
// and rounding modes other than round-to-nearest-even.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace npu::func {

inline constexpr uint16_t kF16PosInf = 0x7c00;
inline constexpr uint16_t kF16NegInf = 0xfc00;
inline constexpr uint16_t kF16QuietNan = 0x7e00;
inline constexpr uint16_t kF16MaxFinite = 0x7bff;  // 65504

constexpr bool f16_is_nan(uint16_t h) { return (h & 0x7fff) > 0x7c00; }
constexpr bool bf16_is_nan(uint16_t h) { return (h & 0x7fff) > 0x7f80; }

constexpr uint16_t f32_to_f16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t ax = x & 0x7fffffffu;
  if (ax >= 0x38800000u) {    // |f| >= 2^-14: normal fp16, inf or NaN
    if (ax >= 0x477ff000u) {  // |f| >= 65520 (rounds past 65504), inf or NaN
      if (ax > 0x7f800000u) {
        return static_cast<uint16_t>(sign | 0x7e00u | ((ax >> 13) & 0x3ffu));
      }
      return static_cast<uint16_t>(sign | 0x7c00u);
    }
    // Rebias 127 -> 15 and round the 13 dropped bits to nearest even; a mantissa carry bumps the
    // exponent, which is the correct result.
    const uint32_t rounded = ax + 0xfffu + ((ax >> 13) & 1u);
    return static_cast<uint16_t>(sign | ((rounded - 0x38000000u) >> 13));
  }
  const uint32_t exp = ax >> 23;
  if (exp < 102) {  // |f| < 2^-25: below half the smallest subnormal
    return static_cast<uint16_t>(sign);
  }
  // Subnormal fp16: value in units of 2^-24 is mant * 2^(exp - 126).
  const uint32_t mant = (ax & 0x7fffffu) | 0x800000u;
  const uint32_t shift = 126 - exp;  // 14..24
  uint32_t q = mant >> shift;
  const uint32_t rem = mant & ((1u << shift) - 1u);
  const uint32_t half = 1u << (shift - 1);
  if (rem > half || (rem == half && (q & 1u))) {
    ++q;  // may carry into the smallest normal (0x0400): still the right encoding
  }
  return static_cast<uint16_t>(sign | q);
}

constexpr float f16_to_f32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  if (exp == 0x1f) {  // inf / NaN: payload kept as is
    return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));
  }
  if (exp != 0) {
    return std::bit_cast<float>(sign | ((exp + 112) << 23) | (mant << 13));
  }
  if (mant == 0) {
    return std::bit_cast<float>(sign);
  }
  // Subnormal: normalise so that bit 10 is the implicit one.
  const int lz = std::countl_zero(mant) - 21;
  mant = (mant << lz) & 0x3ffu;
  return std::bit_cast<float>(sign | (static_cast<uint32_t>(113 - lz) << 23) | (mant << 13));
}

constexpr uint16_t f32_to_bf16(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<uint16_t>((x >> 16) | 0x0040u);
  }
  // Round the 16 dropped bits to nearest even; carries overflow correctly into inf.
  return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

constexpr float bf16_to_f32(uint16_t h) {
  return std::bit_cast<float>(static_cast<uint32_t>(h) << 16);
}

// Bulk conversions over contiguous arrays; src and dst must not partially overlap.
void f16_to_f32_n(const uint16_t* src, float* dst, size_t n);
void f32_to_f16_n(const float* src, uint16_t* dst, size_t n);
void bf16_to_f32_n(const uint16_t* src, float* dst, size_t n);
void f32_to_bf16_n(const float* src, uint16_t* dst, size_t n);

}  // namespace npu::func
