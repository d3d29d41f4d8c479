// Bulk FP16/BF16 <-> FP32 conversions (the scalar definitions live inline in fp16.h).
//
// f16_to_f32_n is a branch-free variant that the compiler vectorises (it feeds every MMAD); the
// unit tests check it against the scalar definition on all 65536 inputs. f32_to_f16_n uses the
// host's F16C conversion (vcvtps2ph, round to nearest even) where simd_level() allows: it gives
// the scalar definition's bits for every input, NaN included (quiet bit set, top payload bits
// kept), which the unit tests check per level. The other loops call the scalar functions, whose
// normal-number path is the hot, well-predicted branch.
#include "func/fp16.h"

#include "func/mmad_kernels.h"
#include "func/simd.h"
#include "func/simd_level.h"

namespace npu::func {

NPU_FUNC_CLONES void f16_to_f32_n(const uint16_t* src, float* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const uint32_t h = src[i];
    const uint32_t sign = (h & 0x8000u) << 16;
    const uint32_t em = h & 0x7fffu;
    // Normal, inf and NaN: shift into place and rebias (inf/NaN exponent 31 -> 255).
    const uint32_t wide = (em << 13) + (em >= 0x7c00u ? 0x70000000u : 0x38000000u);
    // Subnormal (and zero): em * 2^-24. The int -> float conversion (em < 2^10) and the scaling
    // by a power of two are exact, and the result is normal in FP32, so this does not depend on
    // the rounding mode or flush-to-zero settings.
    const uint32_t sub =
        std::bit_cast<uint32_t>(static_cast<float>(static_cast<int32_t>(em)) * 0x1p-24f);
    const uint32_t is_sub = 0u - static_cast<uint32_t>(em < 0x400u);  // all ones when subnormal
    dst[i] = std::bit_cast<float>(sign | (sub & is_sub) | (wide & ~is_sub));
  }
}

void f32_to_f16_n(const float* src, uint16_t* dst, size_t n) {
#if defined(NPU_FUNC_X86_KERNELS)
  switch (simd_level()) {
    case SimdLevel::kAvx512:
      kernels::f32_to_f16_n_avx512(src, dst, n);
      return;
    case SimdLevel::kAvx2:
      kernels::f32_to_f16_n_avx2(src, dst, n);
      return;
    default:
      break;
  }
#endif
  for (size_t i = 0; i < n; ++i) {
    dst[i] = f32_to_f16(src[i]);
  }
}

void bf16_to_f32_n(const uint16_t* src, float* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = bf16_to_f32(src[i]);
  }
}

void f32_to_bf16_n(const float* src, uint16_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = f32_to_bf16(src[i]);
  }
}

}  // namespace npu::func
