// Internal to npu_func: the register-blocked FP32 MMAD micro-kernel, written once over a vector
// traits type V and included by mmad_avx2.cpp and mmad_avx512.cpp, each compiled for its ISA.
// Include it only from such a file, inside an anonymous namespace (no symbol may escape it).
//
// A tile is R rows x J column blocks of 16: its R * J * (16 / V::kLanes) accumulators stay in
// registers across the whole K of the MMAD; per k step it loads the J blocks of B once and
// broadcasts each row's A element. Per output: acc = acc + a * b, k ascending.

template <typename V, int R, int J, bool kFused>
inline __attribute__((always_inline)) void f32_tile(const MmadF32Job& g, size_t i0, size_t jb0) {
  constexpr int kV = 16 / V::kLanes;  // vectors per column block
  typename V::T acc[R][J * kV];
  float* cb[J];
  const float* bp[J];
  for (int j = 0; j < J; ++j) {
    cb[j] = g.c + (jb0 + j) * g.c_block_stride + i0 * 16;
    bp[j] = g.b + (jb0 + j) * g.k * 16;
  }
  for (int r = 0; r < R; ++r) {
    for (int j = 0; j < J; ++j) {
      for (int v = 0; v < kV; ++v) {
        acc[r][j * kV + v] = g.init ? V::zero() : V::load(cb[j] + r * 16 + v * V::kLanes);
      }
    }
  }
  const float* ar = g.a + i0 * g.lda;
  for (size_t kk = 0; kk < g.k; ++kk) {
    typename V::T bv[J * kV];
    for (int j = 0; j < J; ++j) {
      for (int v = 0; v < kV; ++v) bv[j * kV + v] = V::load(bp[j] + kk * 16 + v * V::kLanes);
    }
    for (int r = 0; r < R; ++r) {
      const typename V::T av = V::bcast(ar[r * g.lda + kk]);
      for (int x = 0; x < J * kV; ++x) {
        acc[r][x] = kFused ? V::fma(av, bv[x], acc[r][x]) : V::add(acc[r][x], V::mul(av, bv[x]));
      }
    }
  }
  for (int r = 0; r < R; ++r) {
    for (int j = 0; j < J; ++j) {
      for (int v = 0; v < kV; ++v) V::store(cb[j] + r * 16 + v * V::kLanes, acc[r][j * kV + v]);
    }
  }
}

// Rows [row0, row1) of column blocks jb0 .. jb0 + J - 1, in tiles of R rows and a smaller last.
template <typename V, int R, int J, bool kFused>
void f32_panel(const MmadF32Job& g, size_t jb0) {
  size_t i = g.row0;
  for (; i + R <= g.row1; i += R) f32_tile<V, R, J, kFused>(g, i, jb0);
  for (; i < g.row1; ++i) f32_tile<V, 1, J, kFused>(g, i, jb0);
}

template <typename V, int R, int J, bool kFused>
void f32_all(const MmadF32Job& g) {
  size_t jb = 0;
  for (; jb + J <= g.nb; jb += J) f32_panel<V, R, J, kFused>(g, jb);
  for (; jb < g.nb; ++jb) f32_panel<V, R, 1, kFused>(g, jb);
}
