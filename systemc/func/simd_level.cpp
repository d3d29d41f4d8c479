// Host detection for the vector code paths (see simd_level.h).
#include "func/simd_level.h"

#include <atomic>
#include <cfenv>

#if defined(__x86_64__)
#include <cpuid.h>
#include <xmmintrin.h>
#endif

namespace npu::func {

namespace {

#if defined(NPU_FUNC_X86_KERNELS)
// F16C from CPUID leaf 1 (ECX bit 29): clang 14's __builtin_cpu_supports has no "f16c".
bool host_has_f16c() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_F16C) != 0;
}
#endif

SimdLevel detect() {
#if defined(NPU_FUNC_X86_KERNELS)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl")) {
    return SimdLevel::kAvx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && host_has_f16c()) {
    return SimdLevel::kAvx2;
  }
#endif
  return SimdLevel::kPortable;
}

std::atomic<SimdLevel>& current() {
  static std::atomic<SimdLevel> level{host_simd_level()};
  return level;
}

}  // namespace

std::string_view simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::kAvx512:
      return "avx512";
    case SimdLevel::kAvx2:
      return "avx2";
    default:
      return "portable";
  }
}

SimdLevel host_simd_level() {
  static const SimdLevel level = detect();
  return level;
}

bool host_has_avx512_vnni() {
#if defined(NPU_FUNC_X86_KERNELS)
  static const bool vnni =
      host_simd_level() == SimdLevel::kAvx512 && __builtin_cpu_supports("avx512vnni");
  return vnni;
#else
  return false;
#endif
}

SimdLevel simd_level() { return current().load(std::memory_order_relaxed); }

SimdLevel set_simd_level(SimdLevel level) {
  if (static_cast<int>(level) > static_cast<int>(host_simd_level())) level = host_simd_level();
  return current().exchange(level);
}

bool fp_env_is_default() {
  if (std::fegetround() != FE_TONEAREST) return false;
#if defined(__x86_64__)
  constexpr unsigned kFtz = 1u << 15, kDaz = 1u << 6;
  if ((_mm_getcsr() & (kFtz | kDaz)) != 0) return false;
#endif
  return true;
}

}  // namespace npu::func
