# gemm_int8.s — INT8 GEMM with INT32 or requantised INT8 output, for both DaVinci configs.
#
# Computes C[M,N] = A[M,K] x B[K,N]; A, B INT8 row-major (ND) in GM. The cube accumulates in
# INT32 in L0C (two's-complement wrap-around). C is INT32 row-major (OUT_S8 = 0) or INT8
# requantised by FIX with the FP32 scale SCALE (OUT_S8 != 0): q = sat8(rne(float(acc) * SCALE)).
# Every tiling gives the same integers, so the result is bit-identical to the golden.
#
# Tiling: output tiles of TILE_M x 256 (edge tiles smaller), tile t on block t mod block_dim. K
# is streamed through L1 in chunks of TILE_KC and through L0 in steps of 128 (4 INT8 K-fractals).
# TILE_M (128 or 256) and TILE_KC (a multiple of 128) are host tiling data, as Ascend's host
# tiling passes them: tb/npuemu/host_tiling.cpp picks them from the chip's buffer sizes:
#   L0C_BUFS (1 or 2) accumulators of TILE_M x 256 INT32 (seed: 2 x 128 KiB; ascend910b2: 1 x 128)
#   L1 ping-pong: 2 slots, each A chunk TILE_M x TILE_KC + B chunk TILE_KC x 256
#      (both configs: TILE_M 128, TILE_KC 512 -> 2 x 192 KiB)
#   L0A / L0B ping-pong halves of 32 KiB (A step TILE_M x 128 <= 32 KiB, B step 32 KiB)
# Pipes overlap as in gemm_fp16.s (same flag protocol, ids = slot numbers):
#   MTE2->MTE1 p  L1 slot p loaded        MTE1->MTE2 p  L1 slot p free (2 credits at start)
#   MTE1->M    q  L0 slot q loaded        M->MTE1    q  L0 slot q free (2 credits at start)
#   M->FIX     a  tile in accumulator a   FIX->M     a  accumulator a drained (1 credit each)
# With L0C_BUFS = 2 the tiles alternate between two accumulators, so FIX drains one tile (an
# INT32 tile is 4x the bytes of its inputs per K-fractal and competes for HBM when every core
# finishes a tile at once) while the cube already accumulates the next.
# Per K step the cube runs TILE_M/16 x 4 x 16 fractal cycles (1024 at TILE_M 256) while MTE1
# moves TILE_M x 128 + 32 KiB; MTE2 needs (TILE_M + 256) / (TILE_M x 256 / 8192) B/cycle per
# core at full cube rate (64 at TILE_M 256, 96 at 128) plus two ~210-cycle heads per chunk.
# Expected efficiency at 4096^3: ~90% of the 524 TOPS INT8 peak on ascend910b-seed; on
# ascend910b2 (one accumulator, so the cube waits for each FIX drain, and 96 B/cycle of its
# 110 B/cycle MTE2 port) ~75-80%.
.target davinci
.include "cube_pipeline.inc"     # by_slot, l1_load, l0_load, c_tile_addr, ...
.kernel gemm_int8
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_S8 u32
.param SCALE f32
.param TILE_M u32
.param TILE_KC u32
.param L0C_BUFS u32

.equ TN, 256            # tile cols
.equ KS, 128            # K step in L0
.equ L0_SLOT, 32768     # bytes per L0A / L0B half
# scalar data memory slots (the registers are all in use inside the loops)
.equ S_SCALE, 0
.equ S_TM, 8
.equ S_KC, 16
.equ S_SLOT, 24         # L1 slot bytes = (TILE_M + 256) * TILE_KC
.equ S_L1B, 32          # offset of the B chunk inside a slot = TILE_M * TILE_KC
.equ S_NACC, 40         # L0C accumulators (L0C_BUFS: 1 or 2)
.equ S_TILES, 48        # tiles this block has started
.equ S_ACC, 56          # L0C accumulator of the current tile: 0 or 1

    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x25, OUT_S8
    ldp x10, SCALE
    st x10, [x0 + S_SCALE]
    ldp x11, TILE_M
    st x11, [x0 + S_TM]
    ldp x12, TILE_KC
    st x12, [x0 + S_KC]
    mul x13, x11, x12
    st x13, [x0 + S_L1B]
    addi x14, x11, TN
    mul x14, x14, x12
    st x14, [x0 + S_SLOT]
    ldp x15, L0C_BUFS
    st x15, [x0 + S_NACC]
    rsr x9, block_idx
    rsr x10, block_dim
    tile_grid_256 x11
    c_elem_size 4, 1
credits:
    cube_credits
    li x24, 2
    bne x15, x24, one_acc
    set_flag FIX, M, 1          # second accumulator free
one_acc:
    li x18, 0                   # chunk counter (L1 slot = x18 & 1)
    li x19, 0                   # step counter (L0 slot = x19 & 1)
tile_loop:
    bgeu x9, x8, done
    divu x24, x9, x7            # tm
    remu x12, x9, x7            # tn
    ld x13, [x0 + S_TM]
    mul x11, x24, x13           # m0
    shli x12, x12, 8            # n0
    sub x24, x4, x11
    minu x13, x13, x24          # mt
    sub x14, x5, x12
    li x24, TN
    minu x14, x14, x24          # nt
    addi x22, x13, 15
    andi x22, x22, -16          # RpA = ceil16(mt)
    ld x24, [x0 + S_TILES]
    ld x25, [x0 + S_NACC]
    remu x25, x24, x25
    st x25, [x0 + S_ACC]        # accumulator = tiles started % L0C_BUFS
    addi x24, x24, 1
    st x24, [x0 + S_TILES]
    li x15, 0                   # k0
    li x27, 1                   # first step of this tile -> mmad.init
chunk_loop:
    bgeu x15, x6, tile_done
    sub x16, x6, x15
    ld x24, [x0 + S_KC]
    minu x16, x16, x24          # kc
    addi x23, x16, 15
    andi x23, x23, -16          # RpB = ceil16(kc)
    andi x17, x18, 1
    ld x24, [x0 + S_SLOT]
    mul x28, x17, x24           # L1 A chunk of this slot
    ld x24, [x0 + S_L1B]
    add x29, x28, x24           # L1 B chunk
    mul x24, x11, x6
    add x24, x24, x15
    add x24, x24, x1            # &A[m0][k0]
    mul x30, x15, x5
    add x30, x30, x12
    add x30, x30, x2            # &B[k0][n0]
    by_slot x17, l1_load, s8
    li x20, 0                   # ks
step_loop:
    bgeu x20, x16, chunk_done
    sub x21, x16, x20
    li x24, KS
    minu x21, x21, x24          # kstep
    mul x24, x20, x22
    add x24, x24, x28           # L1 A sub-block: A chunk + (ks / 32) * RpA * 32 bytes
    shli x30, x20, 5
    add x30, x30, x29           # L1 B sub-block: B chunk + ks rows of 32 bytes
    andi x31, x19, 1
    muli x31, x31, L0_SLOT      # L0A / L0B half
    andi x25, x19, 1
    by_slot x25, l0_load, s8
    ld x24, [x0 + S_ACC]
    beq x27, x0, accumulate
    li x27, 0
    bne x24, x0, init_acc1
    wait_flag FIX, M, 0         # accumulator 0 drained
    mmad.init.s8 x0, x31, x31, x13, x21, x14
    jmp mmad_done
init_acc1:
    wait_flag FIX, M, 1         # accumulator 1 drained
    ld x24, [x0 + S_TM]
    shli x24, x24, 10           # TILE_M x 256 x 4 bytes
    mmad.init.s8 x24, x31, x31, x13, x21, x14
    jmp mmad_done
accumulate:
    beq x24, x0, acc_into
    ld x24, [x0 + S_TM]
    shli x24, x24, 10
acc_into:
    mmad.s8 x24, x31, x31, x13, x21, x14
mmad_done:
    by_slot x25, l0_free
    addi x19, x19, 1
    addi x20, x20, KS
    jmp step_loop
chunk_done:
    by_slot x17, l1_free
    addi x18, x18, 1
    ld x24, [x0 + S_KC]
    add x15, x15, x24
    jmp chunk_loop
tile_done:
    c_tile_addr
    ld x28, [x0 + S_ACC]
    bne x28, x0, hand_acc1
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    jmp handed
hand_acc1:
    set_flag M, FIX, 1
    wait_flag M, FIX, 1
    ld x28, [x0 + S_TM]
    shli x28, x28, 10           # L0C address of accumulator 1
handed:
    li x30, 1
    bne x26, x30, fix32
    ld x30, [x0 + S_SCALE]      # SCALE bits
    fix.s8 x24, x28, x13, x14, x5, x30
    jmp fixed
fix32:
    fix.s32 x24, x28, x13, x14, x5
fixed:
    ld x28, [x0 + S_ACC]
    bne x28, x0, free_acc1
    set_flag FIX, M, 0
    jmp freed
free_acc1:
    set_flag FIX, M, 1
freed:
    add x9, x9, x10
    jmp tile_loop
done:
    cube_end_waits
    ld x24, [x0 + S_NACC]
    li x25, 2
    bne x24, x25, finish
    wait_flag FIX, M, 1
finish:
    halt
