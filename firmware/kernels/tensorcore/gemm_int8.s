# gemm_int8.s — INT8 GEMM for the tensor-core SM (H100-like), INT32 out.
#
# Computes C[M,N] = A[M,K] x B[K,N]; A, B INT8 row-major in GM; C INT32 row-major
# (`--dtype int8 --out-dtype int32`), or INT8 requantised when OUT_S8 != 0
# (`--out-dtype int8 --shape ...,SCALE=s[,BETA=b]`: C = sat8(rne(s x A x B + b x C)), the DaVinci
# FIX requantisation when b = 0). INT32 accumulation with two's-complement wrap-around, so
# the result is the golden's bit for bit.
#
# The structure of gemm_fp16.s with the launch of the measured INT8 kernel (the calibration
# file's Triton wgmma kernel: tile 128 x 256 x 128, 3 stages, one CTA per output tile, 147 KB
# SMEM, docs/measurements/h100_microbenchmarks.md 3): the host plan
# (tb/npuemu/host_tiling.cpp) binds TILE_N = 256 and launches one CTA per tile, so the tile loop
# below runs once per CTA and every CTA fills and drains its own pipeline. A 3-stage SMEM ring
# (A 128x128 = 16 KiB + B 128xTILE_N per stage, 144 KiB at 128 x 256), a TMA producer and two
# consumer warpgroups (TILE_M = 128; a third halts at once) issuing 4 x wgmma m64nTILE_Nk32 per
# stage, one group in flight, then the SIMT epilogue (epi.s32).
# mbarriers: FULL+s (1 arrival + the stage's TMA bytes), EMPTY+s (TILE_M/64 arrivals: the
# consumers). SMEM: A stages (TILE_M x 128 bytes each) from 0, B stages from STAGES x that.
# Accumulators: consumer w at RF offset w * 64 KiB (64 x TILE_N, pitch TILE_N).
.target tensorcore
.include "tc_pipeline.inc"       # consumer_roles, producer_stage, wgmma_stage, ...
.kernel gemm_int8
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param TILE_M u32        # output tile rows: 128 or 192 (host plan)
.param TILE_N u32        # output tile columns (host plan)
.param OUT_S8 u32        # nonzero: INT8 C = sat8(rne(SCALE x A x B + BETA x C))
.param SCALE u32         # FP32 bits (OUT_S8)
.param BETA u32          # FP32 bits (OUT_S8; 0.0: C is not read)

.equ BK, 128          # K chunk per stage
.equ KS, 32           # K of one wgmma
.equ STAGES, 3
.equ KS_NK, 137438953472          # KS << 32: the valid-k field of wgmma's nk
.equ FULL, 0            # mbarriers FULL+s and EMPTY+s
.equ EMPTY, 8
.equ BOX_A_COLS, 549755813888     # (BK * 1) << 32
.equ BOX_B_ROWS, 549755813888      # BK << 32
.equ MAX_TILE_M, 192
.equ MAX_TILE_N, 256
# What a CTA claims at the largest tile (the host plan sets its own tile's: host_tiling.cpp):
# the SMEM ring, a warpgroup per role, and registers per thread: a consumer's accumulators
# (64 x MAX_TILE_N FP32 = MAX_TILE_N / 2 per thread, consumer w's at RF byte w * 64 KiB) plus
# 40 (G), capped at the 128 a thread of a 512-thread CTA can have (64 K registers / 512).
.smem STAGES * (MAX_TILE_M + MAX_TILE_N) * BK
.threads 4 * 128
.regs 128

# ---- common set-up: x1 A, x2 B, x3 C, x4 M, x5 N, x6 K, x8 tiles_n, x9 tiles, x10 TILE_N,
#      x11 first tile, x12 block_dim; returns to the role through x31 (1: producer, else consumer)
setup:
    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x10, TILE_N
    rsr x11, block_idx
    rsr x12, block_dim
    ceil_div x8, x5, x10        # tiles_n
    ldp x24, TILE_M
    ceil_div x9, x4, x24        # tiles_m
    mul x9, x9, x8              # tiles
    to_role

    producer_role
    ldp x22, TILE_M
    shri x22, x22, 6
    init_stage_bars setup      # FULL+s: 1 arrival; EMPTY+s: one per consumer

producer:
    ldp x7, TILE_M
    shli x29, x10, 7            # B stage bytes: BK x TILE_N x 1
    shli x30, x7, 7             # A stage bytes: TILE_M x BK x 1
    add x30, x30, x29           # FULL barrier bytes per stage: A + B
p_tile:
    bgeu x11, x9, p_done
    divu x14, x11, x8
    mul x14, x14, x7            # m0
    remu x15, x11, x8
    mul x15, x15, x10           # n0
    sub x16, x4, x14
    minu x16, x16, x7
    shli x24, x7, 32
    or x16, x16, x24            # A box rows (valid | TILE_M)
    sub x17, x5, x15
    minu x17, x17, x10
    shli x24, x10, 32
    or x17, x17, x24            # B box cols in bytes (valid | TILE_N x 1)
    li x18, 0                   # k0
p_chunk:
    bgeu x18, x6, p_tile_done
    producer_stage x30
    sub x22, x6, x18
    li x24, BK
    minu x22, x22, x24          # kc
    # A box: rows of [m0, m0+TILE_M), bytes of [k0, k0+BK)
    mul x25, x14, x6
    add x25, x25, x18
    add x25, x25, x1            # &A[m0][k0]
    mov x26, x22
    li x24, BOX_A_COLS
    or x26, x26, x24
    mov x27, x6                 # lda bytes
    shli x28, x7, 7
    mul x28, x28, x19           # SMEM A stage
    tma.load x28, x25, x16, x26, x27, x21
    # B box: rows [k0, k0+kc), bytes of [n0, n0+TILE_N)
    mul x25, x18, x5
    add x25, x25, x15
    add x25, x25, x2            # &B[k0][n0]
    li x24, BOX_B_ROWS
    or x26, x22, x24
    mov x27, x5                 # ldb bytes
    mul x28, x19, x29
    li x24, STAGES
    mul x24, x24, x7
    shli x24, x24, 7
    add x28, x28, x24           # SMEM B stage (after the A stages)
    tma.load x28, x25, x26, x17, x27, x21
    addi x13, x13, 1
    addi x18, x18, BK
    jmp p_chunk
p_tile_done:
    add x11, x11, x12
    jmp p_tile
p_done:
    halt

    consumer_roles

consumer:
    ldp x24, TILE_M
    shri x24, x24, 6
    bgeu x30, x24, c_done       # no rows for this warpgroup
    shli x2, x24, 13            # A stage bytes: TILE_M x 128
    shli x29, x30, 16           # RF accumulator: w * 64 KiB
    li x27, BK                  # lda (elements)
    mov x28, x10                # ldb
    li x17, KS_NK
    or x17, x17, x28            # nk of a full step: n = TILE_N, k = KS
    ldp x7, OUT_S8              # nonzero: the requantising epilogue
    shli x31, x10, 5            # B: KS rows further (32 x TILE_N x 1 bytes)
    shli x1, x10, 7             # B stage bytes
c_tile:
    bgeu x11, x9, c_done
    divu x14, x11, x8
    ldp x24, TILE_M
    mul x14, x14, x24           # m0
    remu x15, x11, x8
    mul x15, x15, x10           # n0
    li x18, 0                   # k0
c_chunk:
    bgeu x18, x6, c_tile_done
    consumer_stage
    mul x25, x19, x2
    shli x24, x30, 13           # + w * 64 rows * BK B
    add x25, x25, x24           # A rows of this consumer
    mul x26, x19, x1
    li x24, STAGES
    mul x24, x24, x2
    add x26, x26, x24           # B stage (after the A stages)
    wgmma_stage s8, x28
    beq x18, x0, c_first        # nothing older to free
    prev_empty_bar
    mbar.arrive x24
c_first:
    addi x13, x13, 1
    addi x18, x18, BK
    jmp c_chunk
c_tile_done:
    wgmma.wait 0
    prev_empty_bar
    mbar.arrive x24
    # epilogue: rows [m0 + 64w, ...) of the tile
    epi_extent c_next_tile
    bne x7, x0, c_epi8
    shli x25, x25, 2
    add x25, x25, x3
    epi.s32 x25, x29, x23, x16, x5, x10   # accumulator pitch TILE_N
c_next_tile:
    add x11, x11, x12
    jmp c_tile
c_epi8:                         # requantised: C = sat8(rne(SCALE x acc + BETA x C))
    add x25, x25, x3
    ldp x24, SCALE
    ldp x21, BETA
    shli x21, x21, 32
    or x24, x24, x21
    epi.scale x24               # alpha = SCALE, beta = BETA
    epi.ab.s8 x25, x29, x23, x16, x5, x10
    jmp c_next_tile
c_done:
    halt
