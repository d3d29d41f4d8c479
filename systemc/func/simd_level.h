// Which vector code path the functional arithmetic uses (DESIGN section 6: AVX2 / AVX-512 chosen
// at run time, bit-identical to the portable definition).
//
// The level is detected once from the host CPU (__builtin_cpu_supports) and can be lowered, never
// raised past what the host supports, so that tests can run every path the host has against the
// portable one. Deliberately ignores non-x86 vector ISAs: other hosts get the portable C++.
#pragma once

#include <string_view>

namespace npu::func {

enum class SimdLevel {
  kPortable,  // plain C++ (the compiler may still auto-vectorise it for the baseline ISA)
  kAvx2,      // AVX2 + FMA + F16C
  kAvx512,    // AVX-512 F/BW/VL; INT8 MMAD additionally needs AVX512-VNNI (else portable)
};

std::string_view simd_level_name(SimdLevel level);
// The best level this host and this build support.
SimdLevel host_simd_level();
// The level in use (host_simd_level() unless lowered by set_simd_level).
SimdLevel simd_level();
// True when this host runs the AVX512-VNNI INT8 MMAD kernel at level kAvx512.
bool host_has_avx512_vnni();
// Sets the level in use, clamped to host_simd_level(); returns the previous one. Not thread-safe
// against running MMADs: call it between runs (tests, start-up).
SimdLevel set_simd_level(SimdLevel level);

// True when the FP environment is the one the contract needs: round to nearest even, and x86's
// flush-to-zero and denormals-are-zero off (MXCSR). The vector kernels would otherwise differ
// from the portable definition on subnormals.
bool fp_env_is_default();

}  // namespace npu::func
