# gemm_fp16.s — warp-specialised FP16 GEMM for the tensor-core SM (H100-like).
#
# Computes C[M,N] = ALPHA x A[M,K] x B[K,N] + BETA x C[M,N] (cuBLAS's scaling, epi.ab; the
# defaults 1.0 and 0.0 give the plain product and leave C unread); A, B FP16 row-major in GM; C FP16
# (FP32 when OUT_F32 != 0) row-major. FP32 accumulation in ascending k (the numerics contract), so
# the result is the golden's, bit for bit, for every tiling.
#
# Persistent CTAs in thread-block clusters of C = cluster_dim CTAs (1 or more, the host plan's
# launch): a work unit is C output tiles of TILE_M x TILE_N stacked along M that share their B
# tile; units go round-robin to the clusters (unit u to cluster u mod clusters, N fastest) and
# CTA r of the cluster computes the unit's tile r (a tile past M still takes part in the
# pipeline, with an all-zero A box, and stores nothing). K streams in chunks of 64 through a 4-stage SMEM ring
# (A TILE_Mx64 + B 64xTILE_N per stage, 192 KiB in all at 128 x 256, 224 KiB at 192 x 256).
# TILE_M (128 or 192), TILE_N (8..256, a multiple of 8) and the grid come from the host plan
# (tb/npuemu/host_tiling.cpp: the tile with the fewest estimated cycles for the shape, as cuBLAS
# picks its tile per size). Roles:
#   producer   waits for a free stage (in every CTA of the cluster), expects its bytes on its
#              FULL barrier, loads its A box and its part of the shared B chunk: rows
#              [r BK/C, (r+1) BK/C) of it, multicast (tma.load.mc) to the same SMEM stage of every
#              CTA of the cluster, so the L2 serves B once per cluster; the C producers share the
#              issue work alike (edge boxes are zero filled, so partial tiles need no special code)
#   consumerW  rows 64W..64W+63 of the tile (W = 0..TILE_M/64-1; consumer2 halts at once when
#              TILE_M is 128): per stage 4 x wgmma m64nTILE_Nk16 (async, one group per stage,
#              keeping one group in flight), then frees the stage of the group that finished in
#              every CTA of the cluster (mbar.arrive.cluster); after the last stage the SIMT
#              epilogue stores its rows of C.
# mbarriers: FULL+s (1 arrival + the stage's TMA bytes: A and all of B), EMPTY+s (C x TILE_M/64
# arrivals: the consumers of every CTA of the cluster, as any of them reads a part each producer
# wrote). With C > 1 every role passes a cluster.sync after the mbarriers are initialised (no
# multicast or remote arrive reaches a barrier before its mbar.init) and one before halting (no
# CTA exits while a peer may still write to it). SMEM: A stages (TILE_M x 128 bytes each) from 0, B stages from STAGES x that.
# Accumulators: consumer w at RF offset w * 64 KiB (64 x TILE_N, pitch TILE_N).
.target tensorcore
.include "tc_pipeline.inc"       # consumer_roles, producer_stage, wgmma_stage, ...
.kernel gemm_fp16
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32
.param TILE_M u32        # output tile rows: 128 or 192 (host plan)
.param TILE_N u32        # output tile columns (host plan)
.param ALPHA_BETA u64    # FP32 bits: ALPHA in 31:0, BETA in 63:32 (1.0, 0.0: plain, C unread)

.equ BK, 64           # K chunk per stage
.equ KS, 16           # K of one wgmma
.equ STAGES, 4
.equ KS_NK, 68719476736           # KS << 32: the valid-k field of wgmma's nk
.equ FULL, 0            # mbarriers FULL+s and EMPTY+s
.equ EMPTY, 8
.equ BOX_A_COLS, 549755813888     # (BK * 2) << 32
.equ BOX_B_ROWS, 274877906944      # BK << 32
.equ MAX_TILE_M, 192
.equ MAX_TILE_N, 256
# What a CTA claims at the largest tile (the host plan sets its own tile's: host_tiling.cpp):
# the SMEM ring, a warpgroup per role, and registers per thread: a consumer's accumulators
# (64 x MAX_TILE_N FP32 = MAX_TILE_N / 2 per thread, consumer w's at RF byte w * 64 KiB) plus
# 40 (G), capped at the 128 a thread of a 512-thread CTA can have (64 K registers / 512).
.smem STAGES * (MAX_TILE_M + MAX_TILE_N) * BK * 2
.threads 4 * 128
.regs 128

# ---- common set-up: x1 A, x2 B, x3 C, x4 M, x5 N, x6 K, x8 tiles_n, x9 units, x10 TILE_N,
#      x11 first unit (the cluster's index), x12 clusters; returns to the role through x31
#      (1: producer, else consumer)
setup:
    rsr x24, cluster_dim
    li x23, 1
    beq x24, x23, setup_go
    cluster.sync                # every CTA of the cluster has initialised its mbarriers
setup_go:
    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x7, OUT_F32
    ldp x10, TILE_N
    rsr x11, block_idx
    rsr x12, block_dim
    divu x11, x11, x24          # cluster index
    divu x12, x12, x24          # clusters
    ceil_div x8, x5, x10        # tiles_n
    ldp x24, TILE_M
    ceil_div x9, x4, x24        # tiles_m
    rsr x24, cluster_dim
    ceil_div x9, x9, x24        # units along M
    mul x9, x9, x8              # units
    to_role

    producer_role
    ldp x22, TILE_M
    shri x22, x22, 6
    rsr x24, cluster_dim
    mul x22, x22, x24
    init_stage_bars setup      # FULL+s: 1 arrival; EMPTY+s: one per consumer of the cluster

producer:
    ldp x7, TILE_M
    shli x29, x10, 7            # B stage bytes: BK x TILE_N x 2
    shli x30, x7, 7             # A stage bytes: TILE_M x BK x 2
    add x30, x30, x29           # FULL barrier bytes per stage: A + B
p_tile:
    bgeu x11, x9, p_done
    divu x14, x11, x8
    rsr x24, cluster_dim
    mul x14, x14, x24
    rsr x24, cluster_rank
    add x14, x14, x24
    mul x14, x14, x7            # m0 of this CTA's tile
    remu x15, x11, x8
    mul x15, x15, x10           # n0
    li x16, 0
    bgeu x14, x4, p_rows        # a tile past M: an all-zero A box
    sub x16, x4, x14
    minu x16, x16, x7
p_rows:
    shli x24, x7, 32
    or x16, x16, x24            # A box rows (valid | TILE_M)
    sub x17, x5, x15
    minu x17, x17, x10
    shli x17, x17, 1
    shli x24, x10, 33
    or x17, x17, x24            # B box cols in bytes (valid | TILE_N x 2)
    li x18, 0                   # k0
p_chunk:
    bgeu x18, x6, p_tile_done
    producer_stage x30
    a_box_f16                   # A box: rows of [m0, m0+TILE_M), bytes of [k0, k0+BK) * 2
    shli x27, x6, 1             # lda bytes
    shli x28, x7, 7
    mul x28, x28, x19           # SMEM A stage
    tma.load x28, x25, x16, x26, x27, x21
    # B part: rows [k0 + r BK/C, k0 + (r+1) BK/C) of the chunk (valid: those below k0 + kc),
    # bytes of [n0, n0+TILE_N) * 2, multicast to every CTA of the cluster
    rsr x23, cluster_dim
    li x24, BK
    divu x23, x24, x23          # rows per part: BK / C
    rsr x24, cluster_rank
    mul x24, x24, x23           # first row of this part within the chunk
    li x26, 0
    bgeu x24, x22, p_brows      # past K: an all-zero part
    sub x26, x22, x24
    minu x26, x26, x23          # valid rows
p_brows:
    shli x27, x23, 32
    or x26, x26, x27            # B part rows (valid | BK / C)
    add x25, x18, x24
    mul x25, x25, x5
    add x25, x25, x15
    shli x25, x25, 1
    add x25, x25, x2            # &B[k0 + first][n0]
    shli x27, x5, 1             # ldb bytes
    mul x28, x19, x29
    mul x24, x24, x10
    shli x24, x24, 1
    add x28, x28, x24           # + first row x TILE_N x 2
    li x24, STAGES
    mul x24, x24, x7
    shli x24, x24, 7
    add x28, x28, x24           # SMEM B stage (after the A stages)
    rsr x24, cluster_dim
    li x23, 1
    shl x24, x23, x24
    addi x24, x24, -1
    shli x24, x24, 16
    or x24, x24, x21            # bar_mask: FULL+s of every CTA of the cluster
    tma.load.mc x28, x25, x26, x17, x27, x24
    addi x13, x13, 1
    addi x18, x18, BK
    jmp p_chunk
p_tile_done:
    add x11, x11, x12
    jmp p_tile
p_done:
    jmp finish

    consumer_roles

consumer:
    ldp x24, TILE_M
    shri x24, x24, 6
    bgeu x30, x24, c_done       # no rows for this warpgroup
    shli x2, x24, 13            # A stage bytes: TILE_M x 128
    shli x29, x30, 16           # RF accumulator: w * 64 KiB
    li x27, BK                  # lda (elements)
    li x17, KS_NK
    or x17, x17, x10            # nk of a full step: n = TILE_N, k = KS
    shli x31, x10, 5            # B: KS rows further (16 x TILE_N x 2 bytes)
    shli x1, x10, 7             # B stage bytes
    ldp x24, ALPHA_BETA
    epi.scale x24               # the scaled epilogue's factors
c_tile:
    bgeu x11, x9, c_done
    divu x14, x11, x8
    rsr x24, cluster_dim
    mul x14, x14, x24
    rsr x24, cluster_rank
    add x14, x14, x24
    ldp x24, TILE_M
    mul x14, x14, x24           # m0 of this CTA's tile
    remu x15, x11, x8
    mul x15, x15, x10           # n0
    li x18, 0                   # k0
c_chunk:
    bgeu x18, x6, c_tile_done
    consumer_stage
    mul x25, x19, x2
    shli x24, x30, 13           # + w * 64 rows * BK * 2 B
    add x25, x25, x24           # A rows of this consumer
    mul x26, x19, x1
    li x24, STAGES
    mul x24, x24, x2
    add x26, x26, x24           # B stage (after the A stages)
    wgmma_stage f16, x10
    beq x18, x0, c_first        # nothing older to free
    prev_empty_bar
    li x23, 0
c_free:                         # free it in every CTA of the cluster
    mbar.arrive.cluster x24, x23
    addi x23, x23, 1
    rsr x22, cluster_dim
    bltu x23, x22, c_free
c_first:
    addi x13, x13, 1
    addi x18, x18, BK
    jmp c_chunk
c_tile_done:
    wgmma.wait 0
    prev_empty_bar
    li x23, 0
c_free_last:
    mbar.arrive.cluster x24, x23
    addi x23, x23, 1
    rsr x22, cluster_dim
    bltu x23, x22, c_free_last
    # epilogue: rows [m0 + 64w, ...) of the tile
    epi_extent c_next_tile
    mov x26, x10                # accumulator pitch
    bne x7, x0, c_epi32
    shli x25, x25, 1
    add x25, x25, x3
    epi.ab.f16 x25, x29, x23, x16, x5, x26
    jmp c_next_tile
c_epi32:
    shli x25, x25, 2
    add x25, x25, x3
    epi.ab.f32 x25, x29, x23, x16, x5, x26
c_next_tile:
    add x11, x11, x12
    jmp c_tile
c_done:
finish:
    rsr x24, cluster_dim
    li x23, 1
    beq x24, x23, finish_halt
    cluster.sync                # no CTA exits while a peer may still write to it
finish_halt:
    halt
