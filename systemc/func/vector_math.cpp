// Double-precision exp and log with explicit range reduction and polynomials (see vector_math.h).
#include "func/vector_math.h"

#include <bit>
#include <cmath>
#include <cstdint>

namespace npu::func {

namespace {

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (kLn2Hi has 32 significant bits).
constexpr double kLn2Hi = 0x1.62e42fefa0000p-1;
constexpr double kLn2Lo = 0x1.cf79abc9e3b3ap-40;  // ln 2 - kLn2Hi, rounded to double
constexpr double kLog2e = 0x1.71547652b82fep0;

// 2^k for k in [-1022, 1023], exactly.
double pow2(int k) { return std::bit_cast<double>(static_cast<uint64_t>(k + 1023) << 52); }

}  // namespace

float exp_f32(float xf) {
  if (xf != xf) return std::bit_cast<float>(std::bit_cast<uint32_t>(xf) | 0x00400000u);
  if (xf > 89.0f) return INFINITY;  // exp(89) > FLT_MAX
  if (xf < -104.0f) return 0.0f;    // exp(-104) < FLT_TRUE_MIN / 2
  const double x = xf;
  const double k = std::nearbyint(x * kLog2e);     // |k| <= 150
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.3466 + tiny
  // Taylor series to r^13: truncation error < 0.35^14 / 14! < 2^-56.
  double p = 1.0 / 6227020800.0;  // 1/13!
  constexpr double kInvFact[] = {1.0 / 479001600.0,
                                 1.0 / 39916800.0,
                                 1.0 / 3628800.0,
                                 1.0 / 362880.0,
                                 1.0 / 40320.0,
                                 1.0 / 5040.0,
                                 1.0 / 720.0,
                                 1.0 / 120.0,
                                 1.0 / 24.0,
                                 1.0 / 6.0,
                                 0.5,
                                 1.0,
                                 1.0};
  for (double c : kInvFact) p = p * r + c;
  const int ki = static_cast<int>(k);
  // Split the scaling so that neither factor leaves the normal double range.
  return static_cast<float>(p * pow2(ki / 2) * pow2(ki - ki / 2));
}

float ln_f32(float xf) {
  if (xf != xf) return std::bit_cast<float>(std::bit_cast<uint32_t>(xf) | 0x00400000u);
  if (xf == 0.0f) return -INFINITY;
  if (xf < 0.0f) return std::bit_cast<float>(0x7fc00000u);
  if (xf == INFINITY) return INFINITY;
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); frexp is exact.
  int e = 0;
  double m = std::frexp(static_cast<double>(xf), &e);  // m in [0.5, 1)
  if (m < 0.70710678118654752) {
    m *= 2.0;
    e -= 1;
  }
  // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716; series to s^25 (error < 2^-60).
  const double f = m - 1.0;  // exact
  const double s = f / (2.0 + f);
  const double s2 = s * s;
  double p = 1.0 / 25.0;
  for (int n = 23; n >= 1; n -= 2) p = p * s2 + 1.0 / n;
  const double ln_m = 2.0 * s * p;
  const double ed = e;
  return static_cast<float>((ed * kLn2Hi + ln_m) + ed * kLn2Lo);
}

}  // namespace npu::func
