// Cube-path engine semantics (see cube_ops.h for the contracts).
//
// MMAD is the hot loop of functional simulation. Where the host has AVX2 / AVX-512 it runs the
// register-blocked kernels of mmad_fast.cpp on L0C in place. The portable definition here (the
// fallback, and the reference the vector paths are tested against) unpacks the tiles to row-major
// FP32 (or uint32) arrays, then an i-kk-j loop with j innermost over contiguous memory lets the
// compiler vectorise across outputs while each output still sees its products added in ascending
// k; without FMA contraction (-ffp-contract=off) it is bit-identical to the scalar definition.
#include "func/cube_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "func/fp16.h"
#include "func/layout.h"
#include "func/mmad_fast.h"
#include "func/simd.h"
#include "func/simd_level.h"
#include "func/worker_pool.h"

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

// One fractal of a transposing MTE1 load: d[r * kC0 + x] = s[x * kC0 + r] for r < 16, x < kC0.
// Both the L0A (transposed) and the L0B (non-transposed) loads reduce to it when c0 >= 16: the
// source fractal is kC0 NZ rows of 16 elements at stride kC0, the destination 16 rows of kC0.
template <typename T, size_t kC0>
void transpose_fractal(T* __restrict d, const T* __restrict s) {
  for (size_t r = 0; r < 16; ++r) {
    for (size_t x = 0; x < kC0; ++x) {
      d[r * kC0 + x] = s[x * kC0 + r];
    }
  }
}

// Calls transpose_fractal for every (outer, inner) fractal pair when the element size and c0
// have a specialisation (FP16/BF16: 2 bytes, c0 16; INT8: 1 byte, c0 32); false otherwise.
template <typename Offsets>
bool transpose_fractals(size_t es, size_t c0, uint8_t* dst, const uint8_t* src, size_t outer,
                        size_t inner, Offsets offsets) {
  for (size_t o = 0; o < outer; ++o) {
    for (size_t i = 0; i < inner; ++i) {
      const auto [doff, soff] = offsets(o, i);
      if (es == 2 && c0 == 16) {
        transpose_fractal<uint16_t, 16>(reinterpret_cast<uint16_t*>(dst) + doff,
                                        reinterpret_cast<const uint16_t*>(src) + soff);
      } else if (es == 1 && c0 == 32) {
        transpose_fractal<uint8_t, 32>(dst + doff, src + soff);
      } else {
        return false;
      }
    }
  }
  return true;
}

// Row-major matrices for the kernel: A is m x k (row stride lda), B is k x n (ldb), C m x n (ldc).
template <typename T>
struct GemmArgs {
  T* c;
  const T* a;
  const T* b;
  size_t m, k, n, lda, ldb, ldc;
};

// Rows i..i+3, columns jb..jb+kJ-1 of C += A * B with the 4 x kJ accumulators held in registers
// across the whole k loop (kk ascending).
template <typename T, size_t kJ>
NPU_FUNC_INLINE void block_4xj(const GemmArgs<T>& g, size_t i, size_t jb) {
  T c[4][kJ];
  for (size_t r = 0; r < 4; ++r) {
    for (size_t j = 0; j < kJ; ++j) {
      c[r][j] = g.c[(i + r) * g.ldc + jb + j];
    }
  }
  const T* a0 = g.a + i * g.lda;
  for (size_t kk = 0; kk < g.k; ++kk) {
    const T* br = g.b + kk * g.ldb + jb;
    const T x0 = a0[kk], x1 = a0[g.lda + kk], x2 = a0[2 * g.lda + kk], x3 = a0[3 * g.lda + kk];
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
      g.c[(i + r) * g.ldc + jb + j] = c[r][j];
    }
  }
}

// C += A * B in ascending k per output, no contraction. T is float or uint32_t (wrap-around).
template <typename T>
NPU_FUNC_INLINE void gemm_acc(const GemmArgs<T>& g) {
  constexpr size_t kJ = 64;
  const size_t n_blocked = g.n / kJ * kJ;
  const size_t m_blocked = g.m / 4 * 4;
  for (size_t i = 0; i < m_blocked; i += 4) {
    for (size_t jb = 0; jb < n_blocked; jb += kJ) {
      block_4xj<T, kJ>(g, i, jb);
    }
  }
  // Remainder: columns past the last full kJ block of the blocked rows, then the last rows.
  for (size_t r = 0; r < g.m; ++r) {
    const size_t j0 = r < m_blocked ? n_blocked : 0;
    T* __restrict row = g.c + r * g.ldc;
    for (size_t kk = 0; kk < g.k; ++kk) {
      const T x = g.a[r * g.lda + kk];
      const T* __restrict br = g.b + kk * g.ldb;
      for (size_t j = j0; j < g.n; ++j) {
        row[j] = row[j] + x * br[j];
      }
    }
  }
}

NPU_FUNC_CLONES void gemm_acc_f32(const GemmArgs<float>& g) { gemm_acc(g); }
NPU_FUNC_CLONES void gemm_acc_u32(const GemmArgs<uint32_t>& g) { gemm_acc(g); }

// Unpacks the tiles into padded row-major scratch (A: mp x kp, B: kp x np, C: mp x np): each tile
// is first converted in its own order with the vectorised bulk converter, then permuted fractal
// by fractal. Runs the kernel over the first k values of K and all np columns (padding columns
// are computed and discarded), and writes back only i < m, j < n.
template <typename Acc, typename Out, typename In>
void mmad_generic(Out* c_l0c, const In* a_l0a, const In* b_l0b, size_t m, size_t k, size_t n,
                  bool init, size_t c0, void (*convert_n)(const In*, Acc*, size_t),
                  void (*kernel)(const GemmArgs<Acc>&)) {
  if (m == 0 || n == 0) {
    return;
  }
  const size_t kf = ceil_div(k, c0), kp = kf * c0;
  const size_t mp = ceil16(m), np = ceil16(n), nf = np / 16;
  thread_local std::vector<Acc> tile, a, b, c;
  a.resize(mp * kp);
  b.resize(kp * np);
  c.resize(mp * np);
  tile.resize(std::max(mp * kp, kp * np));
  convert_n(a_l0a, tile.data(), mp * kp);
  for (size_t ib = 0; ib < mp / 16; ++ib) {
    for (size_t kb = 0; kb < kf; ++kb) {
      const Acc* src = tile.data() + (ib * kf + kb) * 16 * c0;
      for (size_t r = 0; r < 16; ++r) {
        std::memcpy(a.data() + (ib * 16 + r) * kp + kb * c0, src + r * c0, c0 * sizeof(Acc));
      }
    }
  }
  convert_n(b_l0b, tile.data(), kp * np);
  for (size_t kb = 0; kb < kf; ++kb) {
    for (size_t jb = 0; jb < nf; ++jb) {
      const Acc* src = tile.data() + (kb * nf + jb) * c0 * 16;  // n-major: src[jj * c0 + x]
      for (size_t x = 0; x < c0; ++x) {
        Acc* dst = b.data() + (kb * c0 + x) * np + jb * 16;
        for (size_t jj = 0; jj < 16; ++jj) {
          dst[jj] = src[jj * c0 + x];
        }
      }
    }
  }
  for (size_t jb = 0; jb < nf; ++jb) {
    for (size_t i = 0; i < m; ++i) {
      const Out* src = c_l0c + l0c_offset(i, jb * 16, mp);
      Acc* dst = c.data() + i * np + jb * 16;
      for (size_t jj = 0; jj < 16; ++jj) {
        dst[jj] = init ? Acc{} : static_cast<Acc>(src[jj]);
      }
    }
  }
  // The buffers are thread_local: the workers get their addresses, not their own (empty) ones.
  Acc* const cp = c.data();
  const Acc* const ap = a.data();
  const Acc* const bp = b.data();
  parallel_rows(m, 16, [=](size_t r0, size_t r1) {
    kernel({cp + r0 * np, ap + r0 * kp, bp, r1 - r0, k, np, kp, np, np});
  });
  for (size_t jb = 0; jb < nf; ++jb) {
    const size_t len = std::min<size_t>(n - jb * 16, 16);
    for (size_t i = 0; i < m; ++i) {
      Out* dst = c_l0c + l0c_offset(i, jb * 16, mp);
      const Acc* src = c.data() + i * np + jb * 16;
      for (size_t jj = 0; jj < len; ++jj) {
        dst[jj] = static_cast<Out>(src[jj]);
      }
    }
  }
}

// The contract's arithmetic assumes RNE without flush-to-zero / denormals-are-zero; a host
// library that changed MXCSR would silently change subnormal results, so refuse instead.
void require_default_fp_env() {
  if (!fp_env_is_default()) {
    throw std::runtime_error(
        "MMAD: the FP environment is not round-to-nearest-even with FTZ/DAZ off (MXCSR)");
  }
}

void s8_to_u32_n(const int8_t* src, uint32_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    dst[i] = static_cast<uint32_t>(static_cast<int32_t>(src[i]));  // modular (C++20)
  }
}

}  // namespace

void nd2nz(isa::Dtype d, uint8_t* dst_l1, const uint8_t* src_gm, size_t rows, size_t cols,
           size_t ld) {
  const size_t es = elem_size(d);
  const size_t c0 = c0_of(d);  // c0 * es is one fractal row, kFractalBytes
  const size_t rp = ceil16(rows);
  const size_t full = cols / c0;  // blocks without column padding
  const size_t blocks = ceil_div(cols, c0);
  const size_t tail = (cols - full * c0) * es;  // valid bytes of the last, partial block
  // In groups of 16 rows (a few KiB of GM, still in cache when the next block reads them), block
  // by block, so that L1 is written in contiguous runs; full fractal rows are fixed-size moves.
  for (size_t r0 = 0; r0 < rows; r0 += 16) {
    const size_t r1 = std::min(rows, r0 + 16);
    for (size_t cb = 0; cb < full; ++cb) {
      uint8_t* dst = dst_l1 + nz_offset(r0, cb * c0, rp, c0) * es;
      const uint8_t* src = src_gm + (r0 * ld * es) + cb * kFractalBytes;
      for (size_t r = r0; r < r1; ++r, dst += kFractalBytes, src += ld * es) {
        std::memcpy(dst, src, kFractalBytes);
      }
    }
    for (size_t r = r0; r < r1 && tail > 0; ++r) {
      uint8_t* dst = dst_l1 + nz_offset(r, full * c0, rp, c0) * es;
      std::memcpy(dst, src_gm + r * ld * es + full * kFractalBytes, tail);
      std::memset(dst + tail, 0, kFractalBytes - tail);
    }
  }
  for (size_t cb = 0; cb < blocks; ++cb) {  // padding rows: one contiguous run per block
    std::memset(dst_l1 + nz_offset(rows, cb * c0, rp, c0) * es, 0, (rp - rows) * kFractalBytes);
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
                    src_l1 + nz_offset(i, kb * c0, src_rows, c0) * es, kFractalBytes);
      }
    }
    return;
  }
  // Fractal (ib, kb): A[ib * 16 + r][kb * c0 + x] = X[kb * c0 + x][ib * 16 + r].
  if (transpose_fractals(es, c0, dst_l0a, src_l1, mp / 16, kf, [&](size_t ib, size_t kb) {
        return std::pair{l0a_offset(ib * 16, kb * c0, kf, c0),
                         nz_offset(kb * c0, ib * 16, src_rows, c0)};
      })) {
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
                    src_l1 + nz_offset(j, kb, src_rows, c0) * es, kFractalBytes);
      }
    }
    return;
  }
  // Fractal (kb, jb): n-major B[kb * c0 + x][jb * 16 + r] at r * c0 + x = X[kb * c0 + x][jb * 16 +
  // r].
  if (transpose_fractals(es, c0, dst_l0b, src_l1, kp / c0, nf, [&](size_t kb, size_t jb) {
        return std::pair{l0b_offset(kb * c0, jb * 16, nf, c0),
                         nz_offset(kb * c0, jb * 16, src_rows, c0)};
      })) {
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
  require_default_fp_env();
  if (mmad_f16_fast(c_l0c, a_l0a, b_l0b, m, k, n, init)) return;
  mmad_generic<float>(c_l0c, a_l0a, b_l0b, m, k, n, init, 16, f16_to_f32_n, gemm_acc_f32);
}

void mmad_bf16(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
               size_t n, bool init) {
  require_default_fp_env();
  if (mmad_bf16_fast(c_l0c, a_l0a, b_l0b, m, k, n, init)) return;
  mmad_generic<float>(c_l0c, a_l0a, b_l0b, m, k, n, init, 16, bf16_to_f32_n, gemm_acc_f32);
}

void mmad_s8(int32_t* c_l0c, const int8_t* a_l0a, const int8_t* b_l0b, size_t m, size_t k, size_t n,
             bool init) {
  if (mmad_s8_fast(c_l0c, a_l0a, b_l0b, m, k, n, init)) return;
  // Accumulates in uint32 so overflow wraps (defined) instead of being signed-overflow UB.
  mmad_generic<uint32_t>(c_l0c, a_l0a, b_l0b, m, k, n, init, 32, s8_to_u32_n, gemm_acc_u32);
}

namespace {

// FIX to a 16-bit float format: each row's 16-column L0C blocks gathered into one FP32 row, then
// rounded by the bulk converter (FP32 -> FP16 or BF16 bits) and stored to GM.
template <void (*round_n)(const float*, uint16_t*, size_t)>
void fix_to_16bit(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld) {
  const size_t mp = ceil16(m);
  thread_local std::vector<float> wide;
  thread_local std::vector<uint16_t> row;
  wide.resize(n);
  row.resize(n);
  for (size_t i = 0; i < m; ++i) {
    for (size_t jb = 0; jb < n; jb += 16) {
      std::memcpy(wide.data() + jb, src_l0c + l0c_offset(i, jb, mp),
                  std::min<size_t>(16, n - jb) * sizeof(float));
    }
    round_n(wide.data(), row.data(), n);
    std::memcpy(dst_gm + i * ld * 2, row.data(), n * 2);
  }
}

}  // namespace

void fix_f16(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld) {
  fix_to_16bit<f32_to_f16_n>(dst_gm, src_l0c, m, n, ld);
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

void fix_bf16(uint8_t* dst_gm, const float* src_l0c, size_t m, size_t n, size_t ld) {
  fix_to_16bit<f32_to_bf16_n>(dst_gm, src_l0c, m, n, ld);
}

int8_t requant_s8(int32_t acc, float scale) {
  return s8_from_f32(static_cast<float>(acc) * scale);  // both steps FP32 RNE (default environment)
}

int8_t s8_from_f32(float p) {
  if (std::isnan(p)) {
    return 0;
  }
  const float q = std::nearbyint(p);  // current rounding mode: to nearest, ties to even
  if (q >= 127.0f) {
    return 127;
  }
  if (q <= -128.0f) {
    return -128;
  }
  return static_cast<int8_t>(q);
}

namespace {
// requant_s8 over a tile; scale_of(j) is column j's scale.
template <typename ScaleOf>
void requant_tile(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld,
                  ScaleOf scale_of) {
  const size_t mp = ceil16(m);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      dst_gm[i * ld + j] =
          static_cast<uint8_t>(requant_s8(src_l0c[l0c_offset(i, j, mp)], scale_of(j)));
    }
  }
}
}  // namespace

void fix_s8(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld, float scale) {
  requant_tile(dst_gm, src_l0c, m, n, ld, [scale](size_t) { return scale; });
}

void fix_s8_per_channel(uint8_t* dst_gm, const int32_t* src_l0c, size_t m, size_t n, size_t ld,
                        const float* scales) {
  requant_tile(dst_gm, src_l0c, m, n, ld, [scales](size_t j) { return scales[j]; });
}

void fill_bias(uint32_t* c_l0c, const uint32_t* bias, size_t m, size_t n) {
  const size_t mp = ceil16(m);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) c_l0c[l0c_offset(i, j, mp)] = bias[j];
  }
}

}  // namespace npu::func
