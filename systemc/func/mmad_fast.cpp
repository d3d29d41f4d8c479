// Vector MMAD driver (see mmad_fast.h): widens and packs the L0A / L0B tiles into the layouts of
// mmad_kernels.h, runs the kernel on L0C in place over the full 16-column blocks, and through a
// scratch copy over a last partial block (whose columns >= n must stay untouched in L0C).
#include "func/mmad_fast.h"

#include <cstring>
#include <vector>

#include "func/fp16.h"
#include "func/layout.h"
#include "func/mmad_kernels.h"
#include "func/simd_level.h"
#include "func/worker_pool.h"

namespace npu::func {

#if defined(NPU_FUNC_X86_KERNELS)

namespace {

constexpr size_t kRowGrain = 24;  // rows per share of the pool: a multiple of the 6-row tiles

// The L0C column block jb = n / 16 when n is not a multiple of 16: its m rows of 16 elements are
// copied out, computed there, and only the first n % 16 columns copied back.
template <typename T>
struct PartialBlock {
  size_t nb_full, cols;  // full blocks; valid columns of the partial one (0: none)
  std::vector<T>& scratch;
  T* c_l0c;
  size_t m, mp;
  PartialBlock(std::vector<T>& s, T* c, size_t m_, size_t n)
      : nb_full(n / 16), cols(n % 16), scratch(s), c_l0c(c), m(m_), mp(ceil16(m_)) {
    if (cols == 0) return;
    scratch.resize(m * 16);
    std::memcpy(scratch.data(), c_l0c + l0c_offset(0, nb_full * 16, mp), m * 16 * sizeof(T));
  }
  void write_back() {
    if (cols == 0) return;
    for (size_t i = 0; i < m; ++i) {
      std::memcpy(c_l0c + l0c_offset(i, nb_full * 16, mp), scratch.data() + i * 16,
                  cols * sizeof(T));
    }
  }
};

// Operand packing for the FP32 kernels: A row-major (lda = 16 * kf), B per 16-column block.
struct F32Packer {
  void (*pack_a)(const uint16_t* l0a, float* a, size_t m, size_t kf);
  void (*pack_b)(const uint16_t* l0b, float* b, size_t k, size_t nf);
};

// Generic packing: widen each whole tile with convert_n, then permute it.
template <void (*convert_n)(const uint16_t*, float*, size_t)>
void pack_a_generic(const uint16_t* l0a, float* a, size_t m, size_t kf) {
  thread_local std::vector<float> tile;
  tile.resize(ceil16(m) * kf * 16);
  convert_n(l0a, tile.data(), tile.size());
  for (size_t i = 0; i < m; ++i) {
    for (size_t kb = 0; kb < kf; ++kb) {
      std::memcpy(a + (i * kf + kb) * 16, tile.data() + l0a_offset(i, kb * 16, kf, 16),
                  16 * sizeof(float));
    }
  }
}

template <void (*convert_n)(const uint16_t*, float*, size_t)>
void pack_b_generic(const uint16_t* l0b, float* b, size_t k, size_t nf) {
  thread_local std::vector<float> tile;
  tile.resize(ceil_div(k, 16) * 16 * nf * 16);
  convert_n(l0b, tile.data(), tile.size());
  for (size_t jb = 0; jb < nf; ++jb) {
    for (size_t kk = 0; kk < k; ++kk) {
      const float* src = tile.data() + l0b_offset(kk, jb * 16, nf, 16);  // src[jj * 16]
      float* dst = b + (jb * k + kk) * 16;
      for (size_t jj = 0; jj < 16; ++jj) dst[jj] = src[jj * 16];
    }
  }
}

bool mmad_f32_fast(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
                   size_t n, bool init, const F32Packer& packer, bool fused) {
  const SimdLevel level = simd_level();
  if (m == 0 || n == 0) return true;
  const size_t kf = ceil_div(k, 16), kp = kf * 16, mp = ceil16(m), nf = ceil_div(n, 16);
  thread_local std::vector<float> a, b, scratch;
  a.resize(m * kp);
  b.resize(nf * k * 16);
  packer.pack_a(a_l0a, a.data(), m, kf);
  packer.pack_b(b_l0b, b.data(), k, nf);
  PartialBlock<float> part(scratch, c_l0c, m, n);
  kernels::MmadF32Job full{c_l0c, mp * 16, a.data(), kp, b.data(), k, part.nb_full, 0, 0, init};
  kernels::MmadF32Job tail = full;
  tail.c = scratch.data();
  tail.b = b.data() + part.nb_full * k * 16;
  tail.nb = part.cols == 0 ? 0 : 1;
  auto* kernel = level == SimdLevel::kAvx512 ? kernels::mmad_f32_avx512 : kernels::mmad_f32_avx2;
  parallel_rows(m, kRowGrain, [&full, &tail, kernel, fused](size_t r0, size_t r1) {
    for (kernels::MmadF32Job job : {full, tail}) {
      job.row0 = r0;
      job.row1 = r1;
      if (job.nb > 0) kernel(job, fused);
    }
  });
  part.write_back();
  return true;
}

}  // namespace

bool mmad_f16_fast(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
                   size_t n, bool init) {
  // FP16 x FP16 products are exact in FP32 (22 significant bits, |p| between 2^-48 and
  // 65504^2), so fma(a, b, c) rounds once, exactly as c + a * b does. The operands are widened
  // with F16C: a signalling NaN comes back quiet, which an MMAD cannot tell apart (any NaN
  // operand makes a NaN result).
  switch (simd_level()) {
    case SimdLevel::kAvx512:
      return mmad_f32_fast(c_l0c, a_l0a, b_l0b, m, k, n, init,
                           {kernels::pack_a_f16_avx512, kernels::pack_b_f16_avx512}, true);
    case SimdLevel::kAvx2:
      return mmad_f32_fast(
          c_l0c, a_l0a, b_l0b, m, k, n, init,
          {pack_a_generic<kernels::widen_f16_avx2>, pack_b_generic<kernels::widen_f16_avx2>}, true);
    default:
      return false;
  }
}

bool mmad_bf16_fast(float* c_l0c, const uint16_t* a_l0a, const uint16_t* b_l0b, size_t m, size_t k,
                    size_t n, bool init) {
  if (simd_level() == SimdLevel::kPortable) return false;
  return mmad_f32_fast(c_l0c, a_l0a, b_l0b, m, k, n, init,
                       {pack_a_generic<bf16_to_f32_n>, pack_b_generic<bf16_to_f32_n>}, false);
}

bool mmad_s8_fast(int32_t* c_l0c, const int8_t* a_l0a, const int8_t* b_l0b, size_t m, size_t k,
                  size_t n, bool init) {
  if (simd_level() != SimdLevel::kAvx512 || !host_has_avx512_vnni()) return false;
  if (m == 0 || n == 0) return true;
  const size_t kf = ceil_div(k, 32), kq = ceil_div(k, 4), mp = ceil16(m), nf = ceil_div(n, 16);
  thread_local std::vector<uint8_t> a;
  thread_local std::vector<int8_t> b;
  thread_local std::vector<int32_t> bias, scratch;
  a.assign(m * kq * 4, 0x80);  // +128 offset: 0x80 is a zero; padding k meets zero B anyway
  b.assign(nf * kq * 64, 0);
  bias.assign(nf * 16, 0);
  for (size_t i = 0; i < m; ++i) {
    for (size_t kk = 0; kk < k; ++kk) {
      a[i * kq * 4 + kk] = static_cast<uint8_t>(a_l0a[l0a_offset(i, kk, kf, 32)]) ^ 0x80u;
    }
  }
  for (size_t jb = 0; jb < nf; ++jb) {
    for (size_t kk = 0; kk < k; ++kk) {
      const int8_t* src = b_l0b + l0b_offset(kk, jb * 16, nf, 32);  // src[jj * 32]
      int8_t* dst = b.data() + ((jb * kq + kk / 4) * 16) * 4 + kk % 4;
      for (size_t jj = 0; jj < 16; ++jj) {
        dst[jj * 4] = src[jj * 32];
        bias[jb * 16 + jj] = static_cast<int32_t>(static_cast<uint32_t>(bias[jb * 16 + jj]) -
                                                  128u * static_cast<uint32_t>(src[jj * 32]));
      }
    }
  }
  PartialBlock<int32_t> part(scratch, c_l0c, m, n);
  kernels::MmadS8Job full{c_l0c, mp * 16,      a.data(), kq * 4, b.data(), bias.data(),
                          kq,    part.nb_full, 0,        0,      init};
  kernels::MmadS8Job tail = full;
  tail.c = scratch.data();
  tail.b = b.data() + part.nb_full * kq * 64;
  tail.bias = bias.data() + part.nb_full * 16;
  tail.nb = part.cols == 0 ? 0 : 1;
  parallel_rows(m, kRowGrain, [&full, &tail](size_t r0, size_t r1) {
    for (kernels::MmadS8Job job : {full, tail}) {
      job.row0 = r0;
      job.row1 = r1;
      if (job.nb > 0) kernels::mmad_s8_avx512_vnni(job);
    }
  });
  part.write_back();
  return true;
}

#else  // no x86 kernels in this build: the portable definition runs

bool mmad_f16_fast(float*, const uint16_t*, const uint16_t*, size_t, size_t, size_t, bool) {
  return false;
}
bool mmad_bf16_fast(float*, const uint16_t*, const uint16_t*, size_t, size_t, size_t, bool) {
  return false;
}
bool mmad_s8_fast(int32_t*, const int8_t*, const int8_t*, size_t, size_t, size_t, bool) {
  return false;
}

#endif

}  // namespace npu::func
