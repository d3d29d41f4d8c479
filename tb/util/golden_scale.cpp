// Reference epilogue scaling (see golden_scale.h).
#include "util/golden_scale.h"

namespace npu::tb {

float scaled_golden(float acc, float c, float alpha, float beta) {
  auto product = [](float x, float y) {
    return static_cast<float>(static_cast<double>(x) * static_cast<double>(y));
  };
  if (beta == 0.0f) return alpha == 0.0f ? 0.0f : product(alpha, acc);
  const float bc = product(beta, c);
  if (alpha == 0.0f) return bc;
  return static_cast<float>(static_cast<double>(product(alpha, acc)) + static_cast<double>(bc));
}

}  // namespace npu::tb
