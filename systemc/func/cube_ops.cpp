// Cube-path engine semantics (see cube_ops.h for the contracts).
//
// MMAD is the hot loop of functional simulation: the tiles are unpacked to row-major FP32 (or
// uint32) arrays, then an i-kk-j loop with j innermost over contiguous memory lets the compiler
// vectorise across outputs while each output still sees its products added in ascending k. The
// kernel is cloned for AVX-512/AVX2/baseline and picked at run time; without FMA contraction
// (-ffp-contract=off) every clone is bit-identical to the scalar definition.
#include "func/cube_ops.h"

#include <cstring>
#include <vector>

#include "func/fp16.h"
#include "func/layout.h"

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

namespace npu::func {

namespace {

size_t elem_size(isa::Dtype d) { return static_cast<size_t>(isa::dtype_bytes(d)); }

// Copies one element of es bytes; es is 1, 2 or 4 so memcpy compiles to a single move.
NPU_FUNC_INLINE void copy_elem(uint8_t* dst, size_t doff, const uint8_t* src, size_t soff,
                               size_t es) {
  switch (es) {
    case 1:
      dst[doff] = src[soff];
      break;
    case 2:
      std::memcpy(dst + doff * 2, src + soff * 2, 2);
      break;
    default:
      std::memcpy(dst + doff * 4, src + soff * 4, 4);
      break;
  }
}

// Rows i..i+3, columns jb..jb+kJ-1 of acc += a * b with the 4 x kJ accumulators held in registers
// across the whole k loop (kk ascending).
template <typename T, size_t kJ>
NPU_FUNC_INLINE void block_4xj(T* acc, const T* a, const T* b, size_t i, size_t jb, size_t k,
                               size_t n) {
  T c[4][kJ];
  for (size_t r = 0; r < 4; ++r) {
    for (size_t j = 0; j < kJ; ++j) {
      c[r][j] = acc[(i + r) * n + jb + j];
    }
  }
  const T* a0 = a + i * k;
  for (size_t kk = 0; kk < k; ++kk) {
    const T* br = b + kk * n + jb;
    const T x0 = a0[kk], x1 = a0[k + kk], x2 = a0[2 * k + kk], x3 = a0[3 * k + kk];
    for (size_t j = 0; j < kJ; ++j) {
      const T bj = br[j];
      c[0][j] = c[0][j] + x0 * bj;
      c[1][j] = c[1][j] + x1 * bj;
      c[2][j] = c[2][j] + x2 * bj;
      c[3][j] = c[3][j] + x3 * bj;
    }
  }
  for (size_t r = 0; r < 4; ++r) {
    for (size_t j = 0; j < kJ; ++j) {
      acc[(i + r) * n + jb + j] = c[r][j];
    }
  }
}

// acc[m][n] += a[m][k] * b[k][n] in ascending k per output, no contraction. T is float or
// uint32_t (wrap-around integer arithmetic).
template <typename T>
NPU_FUNC_INLINE void gemm_acc(T* acc, const T* a, const T* b, size_t m, size_t k, size_t n) {
  constexpr size_t kJ = 64;
  const size_t n_blocked = n / kJ * kJ;
  size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    for (size_t jb = 0; jb < n_blocked; jb += kJ) {
      block_4xj<T, kJ>(acc, a, b, i, jb, k, n);
    }
  }
  // Remainder: rows past the last full block of 4, and columns past the last full block of kJ.
  for (size_t r = 0; r < m; ++r) {
    const size_t j0 = r < i ? n_blocked : 0;
    T* __restrict row = acc + r * n;
    for (size_t kk = 0; kk < k; ++kk) {
      const T x = a[r * k + kk];
      const T* __restrict br = b + kk * n;
      for (size_t j = j0; j < n; ++j) {
        row[j] = row[j] + x * br[j];
      }
    }
  }
}

NPU_FUNC_CLONES void gemm_acc_f32(float* acc, const float* a, const float* b, size_t m, size_t k,
                                  size_t n) {
  gemm_acc(acc, a, b, m, k, n);
}

NPU_FUNC_CLONES void gemm_acc_u32(uint32_t* acc, const uint32_t* a, const uint32_t* b, size_t m,
                                  size_t k, size_t n) {
  gemm_acc(acc, a, b, m, k, n);
}

// Scratch reused across calls (functional simulation runs millions of MMADs).
template <typename T>
struct Scratch {
  std::vector<T> a, b, acc;
  void size_for(size_t m, size_t k, size_t n) {
    a.resize(m * k);
    b.resize(k * n);
    acc.resize(m * n);
  }
};

// Unpacks L0A/L0B/L0C into row-major scratch, runs the kernel, writes back the m x n outputs.
// Acc is the kernel's arithmetic type, Out the L0C element type (int32 accumulates as uint32).
template <typename Acc, typename Out, typename In, typename Conv, typename Kernel>
void mmad_generic(Out* c_l0c, const In* a_l0a, const In* b_l0b, size_t m, size_t k, size_t n,
                  bool init, size_t c0, Conv conv, Kernel kernel) {
  if (m == 0 || n == 0) {
    return;
  }
  thread_local Scratch<Acc> s;
  s.size_for(m, k, n);
  const size_t kf = ceil_div(k, c0);
  const size_t nf = ceil_div(n, 16);
  const size_t mp = ceil16(m);
  for (size_t i = 0; i < m; ++i) {
    for (size_t kk = 0; kk < k; ++kk) {
      s.a[i * k + kk] = conv(a_l0a[l0a_offset(i, kk, kf, c0)]);
    }
  }
  for (size_t kk = 0; kk < k; ++kk) {
    for (size_t j = 0; j < n; ++j) {
      s.b[kk * n + j] = conv(b_l0b[l0b_offset(kk, j, nf, c0)]);
    }
  }
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      s.acc[i * n + j] = init ? Acc{} : static_cast<Acc>(c_l0c[l0c_offset(i, j, mp)]);
    }
  }
  kernel(s.acc.data(), s.a.data(), s.b.data(), m, k, n);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      c_l0c[l0c_offset(i, j, mp)] = static_cast<Out>(s.acc[i * n + j]);
    }
  }
}

}  // namespace

void nd2nz(isa::Dtype d, uint8_t* dst_l1, const uint8_t* src_gm, size_t rows, size_t cols,
           size_t ld) {
  const size_t es = elem_size(d);
  const size_t c0 = c0_of(d);
  const size_t rp = ceil16(rows);
  const size_t blocks = ceil_div(cols, c0);
  for (size_t cb = 0; cb < blocks; ++cb) {
    const size_t col0 = cb * c0;
    const size_t valid = cols - col0 < c0 ? cols - col0 : c0;
    for (size_t r = 0; r < rp; ++r) {
      uint8_t* dst = dst_l1 + nz_offset(r, col0, rp, c0) * es;
      size_t copied = 0;
      if (r < rows) {
        std::memcpy(dst, src_gm + (r * ld + col0) * es, valid * es);
        copied = valid;
      }
      std::memset(dst + copied * es, 0, (c0 - copied) * es);
    }
  }
}

void load_l0a(isa::Dtype d, uint8_t* dst_l0a, const uint8_t* src_l1, size_t m, size_t k,
              size_t src_rows, bool transpose) {
  const size_t es = elem_size(d);
  const size_t c0 = c0_of(d);
  const size_t mp = ceil16(m);
  const size_t kf = ceil_div(k, c0);
  if (!transpose) {  // each fractal row is one contiguous c0 run of an NZ block row
    for (size_t i = 0; i < mp; ++i) {
      for (size_t kb = 0; kb < kf; ++kb) {
        std::memcpy(dst_l0a + l0a_offset(i, kb * c0, kf, c0) * es,
                    src_l1 + nz_offset(i, kb * c0, src_rows, c0) * es, c0 * es);
      }
    }
    return;
  }
  for (size_t kk = 0; kk < kf * c0; ++kk) {
    for (size_t i = 0; i < mp; ++i) {
      copy_elem(dst_l0a, l0a_offset(i, kk, kf, c0), src_l1, nz_offset(kk, i, src_rows, c0), es);
    }
  }
}

void load_l0b(isa::Dtype d, uint8_t* dst_l0b, const uint8_t* src_l1, size_t k, size_t n,
              size_t src_rows, bool transpose) {
  const size_t es = elem_size(d);
  const size_t c0 = c0_of(d);
  const size_t np = ceil16(n);
  const size_t nf = np / 16;
  const size_t kp = ceil_div(k, c0) * c0;
  if (transpose) {  // each n-major fractal column is one contiguous c0 run of an NZ block row
    for (size_t j = 0; j < np; ++j) {
      for (size_t kb = 0; kb < kp; kb += c0) {
        std::memcpy(dst_l0b + l0b_offset(kb, j, nf, c0) * es,
                    src_l1 + nz_offset(j, kb, src_rows, c0) * es, c0 * es);
      }
    }
    return;
  }
  for (size_t kk = 0; kk < kp; ++kk) {
    for (size_t j = 0; j < np; ++j) {
      copy_elem(dst_l0b, l0b_offset(kk, j, nf, c0), src_l1, nz_offset(kk, j, src_rows, c0), es);
    }
  }
}

size_t src_extent_load_l0a(isa::Dtype d, size_t m, size_t k, size_t src_rows, bool transpose) {
  return l0a_load_extent(m, k, src_rows, c0_of(d), transpose);
}

size_t src_extent_load_l0b(isa::Dtype d, size_t k, size_t n, size_t src_rows, bool transpose) {
  return l0b_load_extent(k, n, src_rows, c0_of(d), transpose);
}

void mmad_f16(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
              size_t n, bool init) {
  mmad_generic<float>(c_l0c, a_l0a, b_l0b, m, k, n, init, 16, f16_to_f32, gemm_acc_f32);
}

void mmad_bf16(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
               size_t n, bool init) {
  mmad_generic<float>(c_l0c, a_l0a, b_l0b, m, k, n, init, 16, bf16_to_f32, gemm_acc_f32);
}

void mmad_s8(int32_t* c_l0c, const int8_t* a_l0a, const int8_t* b_l0b, size_t m, size_t k, size_t n,
             bool init) {
  // Accumulate in uint32 so overflow wraps (defined) instead of being signed-overflow UB; the
  // int32 <-> uint32 conversions are modular (C++20).
  auto widen = [](int8_t v) { return static_cast<uint32_t>(static_cast<int32_t>(v)); };
  mmad_generic<uint32_t>(c_l0c, a_l0a, b_l0b, m, k, n, init, 32, widen, gemm_acc_u32);
}

void fix_f16(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld) {
  const size_t mp = ceil16(m);
  thread_local std::vector<uint16_t> row;
  row.resize(n);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      row[j] = f32_to_f16(src_l0c[l0c_offset(i, j, mp)]);
    }
    std::memcpy(dst_gm + i * ld * 2, row.data(), n * 2);
  }
}

void fix_f32(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld) {
  const size_t mp = ceil16(m);
  for (size_t i = 0; i < m; ++i) {
    for (size_t jb = 0; jb < n; jb += 16) {
      const size_t len = n - jb < 16 ? n - jb : 16;
      std::memcpy(dst_gm + (i * ld + jb) * 4, src_l0c + l0c_offset(i, jb, mp), len * 4);
    }
  }
}

void fix_s32(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld) {
  const size_t mp = ceil16(m);
  for (size_t i = 0; i < m; ++i) {
    for (size_t jb = 0; jb < n; jb += 16) {
      const size_t len = n - jb < 16 ? n - jb : 16;
      std::memcpy(dst_gm + (i * ld + jb) * 4, src_l0c + l0c_offset(i, jb, mp), len * 4);
    }
  }
}

}  // namespace npu::func
