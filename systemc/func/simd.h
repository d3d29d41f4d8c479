// Internal to npu_func: run-time selection of vector code paths (DESIGN section 6 allows
// AVX2/AVX-512 chosen at run time if bit-identical).
//
// NPU_FUNC_CLONES compiles a function for AVX-512, AVX2 and the baseline and picks one at load
// time (GCC target_clones). Only code whose result cannot depend on the ISA may use it: no FMA
// contraction happens because the build uses -ffp-contract=off. Other compilers get one version.
#pragma once

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define NPU_FUNC_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NPU_FUNC_CLONES
#endif

#if defined(__GNUC__)
#define NPU_FUNC_INLINE inline __attribute__((always_inline))
#else
#define NPU_FUNC_INLINE inline
#endif
