# gemm_fp16.s — optimised FP16 GEMM for the coupled DaVinci core.
#
# Computes C[M,N] = A[M,K] x B[K,N]; A, B FP16 row-major (ND) in GM; C FP16 (or FP32 when
# OUT_F32 != 0) row-major. Accumulation in FP32 in L0C, ascending k (the numerics contract), so
# the result is bit-identical to the golden for every tiling.
#
# Tiling: output tiles of TILE_M x 256 (edge tiles smaller), handed out round-robin over the
# blocks (tile t goes to block t mod block_dim). TILE_M (16..256, a multiple of 16) is host
# tiling data: the workload binds what one L0C accumulator holds, 256 on the seed chip (256 KiB
# L0C) and 128 on ascend910b2 (128 KiB). K is streamed through L1 in chunks of 256 and through
# L0 in steps of 64. Buffers: L1 ping-pong (A chunk up to 128 KiB + B chunk 128 KiB per slot,
# 512 KiB in all), L0A/L0B ping-pong (32 KiB halves), L0C one TILE_M x 256 FP32 accumulator.
# With TILE_M = 128 this is the tiling of pto-isa's a2a3 high-performance GEMM (davinci.md
# section 3): base tile [128, 256, 64], stepKa = stepKb = 4, double buffering in L1, L0A, L0B,
# L0C not double-buffered (FIX drains a tile before the next one accumulates). pto-isa lays 24
# cores out 4 x 6 instead of round-robin, which changes only which tiles share L2 lines.
# On a split core the kernel runs on the AIC (no aic_main label: pc 0) and the AIVs idle.
# Pipes overlap: MTE2 loads chunk c+1 while MTE1 feeds chunk c to the cube; FIX drains a finished
# tile while MTE2/MTE1 already fetch the next one. Flags (ids = slot numbers):
#   MTE2->MTE1 p  L1 slot p loaded        MTE1->MTE2 p  L1 slot p free (2 credits at start)
#   MTE1->M    q  L0 slot q loaded        M->MTE1    q  L0 slot q free (2 credits at start)
#   M->FIX     0  tile accumulated        FIX->M     0  L0C free       (1 credit at start)
# Expected efficiency on ascend910b-seed: > 80% of peak for large squares (MTE2 busy ~60%). On
# ascend910b2 MTE2 decides the rate: per 256-deep K chunk the cube needs 4 x 512 cycles while
# MTE2 moves 192 KiB at core.mte2.port plus two core.mte2.head.
.target davinci
.include "cube_pipeline.inc"     # fp16_chunk_to_end (the chunk, step and FIX pipeline)
.kernel gemm_fp16
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32
.param TILE_M u32

.equ TN, 256            # tile cols
.equ KC, 256            # K chunk in L1
.equ KS, 64             # K step in L0
.equ L1_SLOT, 262144    # bytes per L1 slot (A chunk + B chunk)
.equ L1_B, 131072       # offset of the B chunk inside a slot
.equ L0_SLOT, 32768     # bytes per L0A / L0B half

    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x25, OUT_F32
    ldp x24, TILE_M
    st x24, [x0 + 0]            # TILE_M lives in scalar data memory (every register is taken)
    rsr x9, block_idx
    rsr x10, block_dim
    tile_grid_256 x24
    c_elem_size 2, 4
credits:
    cube_credits
    li x18, 0                   # chunk counter (L1 slot = x18 & 1)
    li x19, 0                   # step counter (L0 slot = x19 & 1)
tile_loop:
    bgeu x9, x8, done
    divu x24, x9, x7            # tm
    remu x12, x9, x7            # tn
    ld x11, [x0 + 0]
    mul x11, x24, x11           # m0 = tm * TILE_M
    shli x12, x12, 8            # n0
    sub x13, x4, x11
    ld x24, [x0 + 0]
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
    fp16_chunk_to_end           # kc, the chunk, its steps, the tile's FIX; tile_done, done
