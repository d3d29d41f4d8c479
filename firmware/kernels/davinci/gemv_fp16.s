# gemv_fp16.s — decode GEMV/skinny GEMM: C[M,N] = A[M,K] x B[K,N] for small M (1..16), FP16.
#
# Inputs FP16 row-major, FP32 accumulate in L0C in ascending k (bit-identical to the golden), C
# FP16 (or FP32 when OUT_F32 != 0) row-major. Larger M works too (tiles of 16 rows) but is what
# gemm_fp16 is for.
#
# Decode is memory-bound: every element of B (K x N, the weights) is used M times, so the kernel
# is built to stream B at the chip's HBM bandwidth. Tiling: output tiles of 16 x 256 (edge tiles
# smaller); N is split across the blocks (tile t on block t mod block_dim), so each core streams
# its own 256-column slice of B once (rows of 512 bytes = one L2 line, no line shared between
# cores). K goes through L1 in chunks of 384 rows (B chunk 192 KiB + A chunk 12 KiB per slot,
# two slots = 408 KiB: fits both configs' L1) and through L0 in steps of 64. MTE2 always has the
# next chunk in flight (L1 ping-pong), so each core keeps one stream open and the HBM stays
# saturated while other cores pay their nd2nz head and miss latency. The cube does 64 fractal
# cycles per step (4 K-fractals x 16 N-fractals), FIX writes 16 x 256 outputs per tile: both
# small next to the stream. Every chunk costs MTE2 two heads (~210 cycles each) plus the HBM
# miss latency, during which that core moves nothing; with every core in step those gaps would
# line up and leave the HBM idle, so each block shortens its first chunk by (block_idx mod 8) x 48
# rows, staggering the heads so that the other cores (whose port, 128 B/cycle, is well above
# their HBM share) fill the gaps. Flags as gemm_fp16.s (ids = slot numbers):
#   MTE2->MTE1 p  L1 slot p loaded        MTE1->MTE2 p  L1 slot p free (2 credits at start)
#   MTE1->M    q  L0 slot q loaded        M->MTE1    q  L0 slot q free (2 credits at start)
#   M->FIX     0  tile accumulated        FIX->M     0  L0C free       (1 credit at start)
# Expected: at M=1, N=K=8192 (B = 128 MiB) ~90% of memory.hbm.bandwidth on ascend910b-seed
# (problem bytes / time; the rest is mostly the ~12 us of launch and block dispatch), ~80% on
# ascend910b2, whose 24 cores take the 32 column slices in two uneven waves.
.target davinci
.include "cube_pipeline.inc"     # fp16_chunk_to_end (the chunk, step and FIX pipeline)
.kernel gemv_fp16
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32

.equ TM, 16             # tile rows (one fractal row: the whole decode batch)
.equ TN, 256            # tile cols (a B row slice of 512 bytes = one L2 line)
.equ KC, 384            # K chunk in L1
.equ KS, 64             # K step in L0
.equ L1_B, TM * KC * 2  # offset of the B chunk inside a slot (A chunk 12 KiB first)
.equ L1_SLOT, L1_B + KC * TN * 2  # bytes per L1 slot: 204 KiB, two slots fit 512 KiB
.equ S_STAGGER, 0       # scalar data: how much shorter this block's first chunk is
.equ STAGGER, 48        # first-chunk shortening per block phase (8 phases: 0 .. 336 rows)
.equ L0_SLOT, 32768     # bytes per L0A / L0B half

    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x25, OUT_F32
    rsr x9, block_idx
    rsr x10, block_dim
    andi x24, x9, 7
    muli x24, x24, STAGGER
    st x24, [x0 + S_STAGGER]
    tile_grid TN, 8, TM, 4
    c_elem_size 2, 4
credits:
    cube_credits
    li x18, 0                   # chunk counter (L1 slot = x18 & 1)
    li x19, 0                   # step counter (L0 slot = x19 & 1)
tile_loop:
    bgeu x9, x8, done
    divu x24, x9, x7            # tm
    remu x12, x9, x7            # tn
    shli x11, x24, 4            # m0
    shli x12, x12, 8            # n0
    sub x13, x4, x11
    li x24, TM
    minu x13, x13, x24          # mt
    sub x14, x5, x12
    li x24, TN
    minu x14, x14, x24          # nt
    addi x22, x13, 15
    andi x22, x22, -16          # RpA = ceil16(mt)
    li x15, 0                   # k0
    li x27, 1                   # first step of this tile -> mmad.init
chunk_loop:
    bgeu x15, x6, tile_done
    sub x16, x6, x15
    li x24, KC
    bne x15, x0, full_chunk
    ld x25, [x0 + S_STAGGER]
    sub x24, x24, x25           # first chunk of a tile: shorter by this block's stagger
full_chunk:
    fp16_chunk_to_end           # kc, the chunk, its steps, the tile's FIX; tile_done, done
