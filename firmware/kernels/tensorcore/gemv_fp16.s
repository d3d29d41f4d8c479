# gemv_fp16.s — decode-shaped GEMM (M small, N and K large) for the tensor-core SM.
#
# C[M,N] = ALPHA x A[M,K] x B[K,N] + BETA x C[M,N] as gemm_fp16.s (same numerics, FP16 or FP32
# out; the accumulator lives at RF offset 0, register x0), tuned for M <= 64:
# memory-bound on B, so output tiles are 64 x 64 (N/64 CTAs stream B's columns; a B row of a
# tile is one 128 B L2 line) and K streams in chunks of 128 through a 4-stage SMEM ring, which
# keeps 64 KiB of B in flight per SM, far more than the HBM latency needs. A's box is 64 rows; rows past M are zero filled by the TMA (no GM
# traffic). Roles: producer (TMA) and one consumer warpgroup (8 x wgmma m64n64k16 per stage).
# mbarriers: FULL+s (1 arrival + 32 KiB), EMPTY+s (1 arrival), s = 0..3.
.target tensorcore
.include "tc_pipeline.inc"       # consumer_roles, producer_stage, wgmma_stage, ...
.kernel gemv_fp16
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32
.param ALPHA_BETA u64    # FP32 bits: ALPHA in 31:0, BETA in 63:32 (1.0, 0.0: plain, C unread)

.equ BM, 64
.equ BN, 64
.equ BK, 128
.equ STAGE_SHIFT, 2
.equ STAGES, 1 << STAGE_SHIFT
.equ A_BYTES, 16384     # BM * BK * 2
.equ B_BYTES, 16384     # BK * BN * 2
.equ B_BASE, STAGES * A_BYTES  # SMEM: A stages at 0, B stages from here
.equ FULL, 0
.equ EMPTY, 4
.equ BOX_A_ROWS, 274877906944     # BM << 32
.equ BOX_A_COLS, 1099511627776    # (BK * 2) << 32
.equ BOX_B_ROWS, 549755813888     # BK << 32
.equ BOX_B_COLS, 549755813888     # (BN * 2) << 32
# A CTA claims its SMEM ring, a warpgroup per role, and registers per thread: the consumer's
# 64 x 64 FP32 accumulator (BN / 2 per thread) plus 40 for addresses and loop state (G, as the
# GEMM plan: host_tiling.h).
.smem STAGES * (A_BYTES + B_BYTES)
.threads 2 * 128
.regs BN / 2 + 40

setup:
    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x7, OUT_F32
    rsr x11, block_idx
    rsr x12, block_dim
    addi x8, x5, BN - 1
    shri x8, x8, 6              # tiles_n
    addi x9, x4, BM - 1
    shri x9, x9, 6
    mul x9, x9, x8              # tiles
    to_role

    producer_role
    init_stage_bars setup, x21 # FULL+s and EMPTY+s: 1 arrival

producer:
p_tile:
    bgeu x11, x9, p_done
    divu x14, x11, x8
    shli x14, x14, 6            # m0
    remu x15, x11, x8
    shli x15, x15, 6            # n0
    sub x16, x4, x14
    li x24, BM
    minu x16, x16, x24
    li x24, BOX_A_ROWS
    or x16, x16, x24            # A box rows
    sub x17, x5, x15
    li x24, BN
    minu x17, x17, x24
    shli x17, x17, 1
    li x24, BOX_B_COLS
    or x17, x17, x24            # B box cols (bytes)
    li x18, 0                   # k0
p_chunk:
    bgeu x18, x6, p_tile_done
    andi x19, x13, STAGES - 1
    shri x20, x13, STAGE_SHIFT
    andi x20, x20, 1
    li x24, 1
    xor x20, x20, x24
    addi x21, x19, EMPTY
    mbar.wait x21, x20
    addi x21, x19, FULL
    li x24, A_BYTES + B_BYTES
    mbar.arrive_tx x21, x24
    a_box_f16
    shli x27, x6, 1
    muli x28, x19, A_BYTES
    tma.load x28, x25, x16, x26, x27, x21
    mul x25, x18, x5
    add x25, x25, x15
    shli x25, x25, 1
    add x25, x25, x2            # &B[k0][n0]
    li x24, BOX_B_ROWS
    or x26, x22, x24
    shli x27, x5, 1
    muli x28, x19, B_BYTES
    li x24, B_BASE
    add x28, x28, x24
    tma.load x28, x25, x26, x17, x27, x21
    addi x13, x13, 1
    addi x18, x18, BK
    jmp p_chunk
p_tile_done:
    add x11, x11, x12
    jmp p_tile
p_done:
    halt

role_consumer:
    li x31, 0
    jmp setup

consumer:
    ldp x24, ALPHA_BETA
    epi.scale x24               # the scaled epilogue's factors
    li x27, BK                  # lda
    li x28, BN                  # ldb
c_tile:
    bgeu x11, x9, c_done
    divu x14, x11, x8
    shli x14, x14, 6            # m0
    remu x15, x11, x8
    shli x15, x15, 6            # n0
    li x18, 0
c_chunk:
    bgeu x18, x6, c_tile_done
    andi x19, x13, STAGES - 1
    shri x20, x13, STAGE_SHIFT
    andi x20, x20, 1
    addi x21, x19, FULL
    mbar.wait x21, x20
    muli x25, x19, A_BYTES
    muli x26, x19, B_BYTES
    li x24, B_BASE
    add x26, x26, x24
    li x16, 0
c_step:
    add x22, x18, x16
    bgeu x22, x6, c_steps_done
    li x24, BK
    bgeu x16, x24, c_steps_done
    sub x23, x6, x22
    li x24, 16
    minu x23, x23, x24
    shli x23, x23, 32
    or x23, x23, x28            # n = 64 | valid k << 32
    bne x22, x0, c_acc
    wgmma.init.f16 x0, x25, x26, x23, x27, x28
    jmp c_next
c_acc:
    wgmma.f16 x0, x25, x26, x23, x27, x28
c_next:
    addi x25, x25, 32           # A: 16 columns further
    addi x26, x26, 2048         # B: 16 rows of 128 B further
    addi x16, x16, 16
    jmp c_step
c_steps_done:
    wgmma.commit
    wgmma.wait 1
    beq x18, x0, c_first
    addi x24, x13, -1
    andi x24, x24, STAGES - 1
    addi x24, x24, EMPTY
    mbar.arrive x24
c_first:
    addi x13, x13, 1
    addi x18, x18, BK
    jmp c_chunk
c_tile_done:
    wgmma.wait 0
    addi x24, x13, -1
    andi x24, x24, STAGES - 1
    addi x24, x24, EMPTY
    mbar.arrive x24
    sub x23, x4, x14
    li x24, BM
    minu x23, x23, x24          # rows
    sub x16, x5, x15
    li x24, BN
    minu x16, x16, x24          # cols
    mul x25, x14, x5
    add x25, x25, x15
    li x26, BN
    bne x7, x0, c_epi32
    shli x25, x25, 1
    add x25, x25, x3
    epi.ab.f16 x25, x0, x23, x16, x5, x26
    jmp c_next_tile
c_epi32:
    shli x25, x25, 2
    add x25, x25, x3
    epi.ab.f32 x25, x0, x23, x16, x5, x26
c_next_tile:
    add x11, x11, x12
    jmp c_tile
c_done:
    halt
