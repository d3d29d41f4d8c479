// How fast one SM can pull data from L2 (and HBM), and whether the limit is per SM or the L2's
// total: bulk TMA copies (cp.async.bulk global -> SMEM, completion counted in bytes on an
// mbarrier, 4 x 32 KB stages, one issuing thread per CTA) and plain 16-byte loads (ld.global.cg,
// 1024 threads, 4 loads in flight each), with 1, 33, 66 and all SMs active (one CTA per SM).
// Prints bytes per SM clock (clock64) per active SM and the aggregate GB/s (globaltimer).
#include <cuda_runtime.h>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { \
  std::printf("CUDA error %s at %s:%d\n", cudaGetErrorString(e), __FILE__, __LINE__); std::exit(1);} } while (0)

struct Sample { unsigned long long cycles, ns0, ns1; int sink, pad; };
constexpr uint32_t kChunk = 32768;
constexpr int kStages = 4;

__device__ __forceinline__ unsigned long long globaltimer() {
  unsigned long long t; asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t)); return t;
}
__device__ __forceinline__ void wait_parity(uint32_t bar, uint32_t parity) {
  uint32_t ok = 0;
  while (!ok)
    asm volatile("{\n.reg .pred p;\nmbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
                 "selp.u32 %0, 1, 0, p;\n}\n" : "=r"(ok) : "r"(bar), "r"(parity) : "memory");
}

__global__ void __launch_bounds__(128, 1) tma_read(const uint8_t* src, size_t buf_bytes, int chunks,
                                                   Sample* out) {
  extern __shared__ __align__(128) uint8_t smem[];
  __shared__ __align__(8) uint64_t bars[kStages];
  const uint32_t s_base = static_cast<uint32_t>(__cvta_generic_to_shared(smem));
  const uint32_t b_base = static_cast<uint32_t>(__cvta_generic_to_shared(bars));
  if (threadIdx.x == 0)
    for (int s = 0; s < kStages; ++s)
      asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;\n" :: "r"(b_base + 8 * s) : "memory");
  if (threadIdx.x == 0) asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
  __syncthreads();
  Sample r{};
  if (threadIdx.x == 0) {
    const size_t nchunks = buf_bytes / kChunk;
    uint32_t parity[kStages] = {0, 0, 0, 0};
    r.ns0 = globaltimer();
    const unsigned long long c0 = clock64();
    for (int i = 0; i < chunks; ++i) {
      const int s = i % kStages;
      const uint32_t bar = b_base + 8 * s;
      if (i >= kStages) { wait_parity(bar, parity[s]); parity[s] ^= 1; }
      const uint8_t* g = src + ((size_t)blockIdx.x * 977 + i) % nchunks * kChunk;
      asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" :: "r"(bar), "r"(kChunk) : "memory");
      asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];\n"
                   :: "r"(s_base + s * kChunk), "l"(g), "r"(kChunk), "r"(bar) : "memory");
    }
    for (int i = chunks > kStages ? chunks - kStages : 0; i < chunks; ++i) {
      const int s = i % kStages;
      wait_parity(b_base + 8 * s, parity[s]); parity[s] ^= 1;
    }
    r.cycles = clock64() - c0;
    r.ns1 = globaltimer();
    r.sink = smem[5];
    out[blockIdx.x] = r;
  }
}

__global__ void __launch_bounds__(1024, 1) ldg_read(const int4* src, size_t buf_bytes, int chunks,
                                                    Sample* out) {
  const size_t nvec = buf_bytes / 16, per_chunk = kChunk / 16;
  int acc = 0;
  __syncthreads();
  const unsigned long long ns0 = globaltimer(), c0 = clock64();
  for (int i = 0; i < chunks; i += 4) {
    int4 v[4];
#pragma unroll
    for (int u = 0; u < 4; ++u) {
      const size_t chunk = ((size_t)blockIdx.x * 977 + i + u) % (nvec / per_chunk);
      const size_t idx = chunk * per_chunk + threadIdx.x * 2;  // 1024 threads x 32 B = one chunk
      v[u] = __ldcg(src + idx);
      int4 w = __ldcg(src + idx + 1);
      v[u].x ^= w.y;
    }
#pragma unroll
    for (int u = 0; u < 4; ++u) acc ^= v[u].x ^ v[u].w;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    Sample r{};
    r.cycles = clock64() - c0; r.ns0 = ns0; r.ns1 = globaltimer(); r.sink = acc;
    out[blockIdx.x] = r;
  }
}

int main() {
  cudaDeviceProp p;
  CHECK(cudaGetDeviceProperties(&p, 0));
  const int sms = p.multiProcessorCount;
  std::printf("device %s, %d SMs, L2 %d MB\n", p.name, sms, p.l2CacheSize >> 20);
  const size_t big = 2ull << 30;
  uint8_t* buf; Sample* dev;
  CHECK(cudaMalloc(&buf, big)); CHECK(cudaMemset(buf, 3, big));
  CHECK(cudaMalloc(&dev, sizeof(Sample) * sms));
  const int smem = kStages * kChunk;
  CHECK(cudaFuncSetAttribute(tma_read, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
  CHECK(cudaFuncSetAttribute(ldg_read, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
  std::vector<Sample> h(sms);
  const int chunks = 1024;  // 32 MB per CTA
  for (int path = 0; path < 2; ++path)
    for (size_t set_mb : {24, 2048})
      for (int grid : {1, 33, 66, sms}) {
        for (int rep = 0; rep < 2; ++rep) {  // first launch warms L2 / clocks
          CHECK(cudaMemset(dev, 0, sizeof(Sample) * sms));
          if (path == 0) tma_read<<<grid, 128, smem>>>(buf, set_mb << 20, chunks, dev);
          else ldg_read<<<grid, 1024, smem>>>(reinterpret_cast<const int4*>(buf), set_mb << 20, chunks, dev);
          CHECK(cudaGetLastError()); CHECK(cudaDeviceSynchronize());
        }
        CHECK(cudaMemcpy(h.data(), dev, sizeof(Sample) * grid, cudaMemcpyDeviceToHost));
        unsigned long long cyc = 0, b = ~0ull, e = 0;
        for (int i = 0; i < grid; ++i) {
          cyc = std::max(cyc, h[i].cycles); b = std::min(b, h[i].ns0); e = std::max(e, h[i].ns1);
        }
        const double per_cta = double(chunks) * kChunk;
        std::printf("%-4s working set %5zu MB, %3d SMs: %6.1f B/clk/SM (slowest SM), %8.1f GB/s total, clock %.0f MHz\n",
                    path == 0 ? "TMA" : "LDG", set_mb, grid, per_cta / cyc, per_cta * grid / (e - b),
                    1e3 * cyc / double(e - b));
      }
  return 0;
}
