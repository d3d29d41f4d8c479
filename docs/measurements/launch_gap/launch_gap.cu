// Back-to-back kernel launch overhead and CTA turnaround on one SM, as seen by a stream of
// repeated launches (how the calibration file's GEMMs were timed). Each CTA spins for C SM
// cycles (clock64), 256 threads, 150 KB dynamic SMEM so one CTA fits an SM. Per-launch time
// (CUDA events over L launches) is fitted as T = W * (C / f + d) + g, W = grid / 132 waves:
// two spin lengths at W = 1 give f and g + d, two grid sizes give d.
#include <cstdio>
__global__ void spin(long long c, int* sink) {
  extern __shared__ int sm[];
  long long t0 = clock64();
  while (clock64() - t0 < c) {}
  if (threadIdx.x == 0) { sm[0] = 1; if (sm[0] == 2) sink[0] = 1; }
}
double per_launch_us(int grid, long long c, int* sink) {
  const int L = 400;
  cudaEvent_t a, b; cudaEventCreate(&a); cudaEventCreate(&b);
  for (int i = 0; i < 20; ++i) spin<<<grid, 256, 150000>>>(c, sink);
  cudaEventRecord(a);
  for (int i = 0; i < L; ++i) spin<<<grid, 256, 150000>>>(c, sink);
  cudaEventRecord(b); cudaEventSynchronize(b);
  float ms; cudaEventElapsedTime(&ms, a, b);
  return ms * 1e3 / L;
}
int main() {
  int* sink; cudaMalloc(&sink, 4);
  cudaFuncSetAttribute(spin, cudaFuncAttributeMaxDynamicSharedMemorySize, 150000);
  for (int rep = 0; rep < 3; ++rep) {
    const long long c1 = 40000, c2 = 80000;  // SM cycles (~20 / 40 us at 1980 MHz)
    double t1 = per_launch_us(132, c1, sink), t2 = per_launch_us(132, c2, sink);
    double us_per_cycle = (t2 - t1) / (c2 - c1);
    double fixed1 = t1 - c1 * us_per_cycle;  // g + d at W = 1
    double t8 = per_launch_us(132 * 8, c1, sink);
    double d = (t8 - t1) / 7 - c1 * us_per_cycle;  // extra per wave beyond the spin
    printf("rep %d: T(132 CTAs, %lld cyc) %.3f us, T(132, %lld) %.3f us -> clock %.0f MHz; "
           "fixed per launch (gap + one CTA turnaround) %.3f us = %.0f cycles; "
           "T(1056 CTAs, %lld) %.3f us -> CTA turnaround per wave %.3f us = %.0f cycles; "
           "launch gap %.3f us = %.0f cycles\n",
           rep, c1, t1, c2, t2, 1 / us_per_cycle, fixed1, fixed1 / us_per_cycle, c1, t8, d,
           d / us_per_cycle, fixed1 - d, (fixed1 - d) / us_per_cycle);
  }
  cudaError_t e = cudaDeviceSynchronize();
  printf("status: %s\n", cudaGetErrorString(e));
}
