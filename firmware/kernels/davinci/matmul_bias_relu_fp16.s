# matmul_bias_relu_fp16.s — Y = relu(A x B + bias) on a split (910B) core: cube on the AIC,
# bias + ReLU on the two AIVs, data between them through a GM workspace and cross-core flags.
#
# A [M,K], B [K,N], BIAS [N], Y [M,N]: FP16 row-major. Output tiles of 128 x 128 go round-robin
# over the blocks (tile t -> block t mod block_dim); every sub-core of a core walks the same tiles.
#
# AIC (aic_main): per tile, K in L1 chunks of 256 and L0 steps of 64 (no double buffering: this
#   kernel shows the fusion, gemm_fp16.s the cube pipeline), FP32 accumulation in L0C, then
#   fix.f16 into the tile's own 32 KiB slot of W (row stride 128) and, in FIX order,
#   cc_set_flag FIX, 2, 0 ("tile in W") to both AIVs. Before tile i >= 2 it waits for the AIVs'
#   "done" (flag 1) of tile i - 2, so at most two tiles are in flight (cross-core counters hold 15).
# AIV (aiv_main): AIV s of d takes rows [s*h, s*h + h) of the tile, h = ceil(mt / d). MTE2 waits
#   for flag 0, reads those rows of the W slot and the bias slice into UB; V adds the bias row to
#   every row (one vadd.f16 with b repeat stride 0) and applies vrelu.f16 over whole 128-lane rows
#   (lanes past nt compute on padding and are never written); MTE3 writes nt elements per row to
#   Y and then, in MTE3 order, cc_set_flag MTE3, 2, 1 ("done": the AIC sees it once both AIVs set).
# Numerics: FP32 accumulation rounded once to FP16 by fix.f16, then vadd.f16 and vrelu.f16 (FP32
# compute, one rounding each): bit-identical to the golden of --workload matmul_bias_relu.
.target davinci
.include "cube_pipeline.inc"     # a_src_f16, b_src_f16, c_tile_addr, fix_c
.kernel matmul_bias_relu_fp16
.param A ptr
.param B ptr
.param BIAS ptr
.param W ptr
.param Y ptr
.param M u32
.param N u32
.param K u32

.equ T, 128             # tile rows and columns
.equ KC, 256            # K chunk in L1
.equ KS, 64             # K step in L0
.equ L1_B, 65536        # B chunk in L1 (A chunk at 0)
.equ UB_BIAS, 65536     # bias slice in UB (rows of the tile at 0)

aic_main:
    ldp x1, A
    ldp x2, B
    ldp x3, W
    ldp x4, M
    ldp x5, N
    ldp x6, K
    rsr x9, block_idx
    rsr x10, block_dim
    tile_grid T, 7, T, 7
    li x28, 0                   # tiles this core has handed to its AIVs
    li x29, L1_B
aic_tile:
    bgeu x9, x8, aic_done
    li x24, 2
    bltu x28, x24, aic_go
    cc_wait_flag S, 1           # the AIVs are done with tile i - 2
aic_go:
    divu x24, x9, x7
    remu x12, x9, x7
    shli x11, x24, 7            # m0
    shli x12, x12, 7            # n0
    sub x13, x4, x11
    li x24, T
    minu x13, x13, x24          # mt
    sub x14, x5, x12
    minu x14, x14, x24          # nt
    addi x22, x13, 15
    andi x22, x22, -16          # padded rows of the A chunk in L1
    li x15, 0                   # k0
aic_chunk:
    bgeu x15, x6, aic_k_done
    sub x16, x6, x15
    li x24, KC
    minu x16, x16, x24          # kc
    addi x23, x16, 15
    andi x23, x23, -16          # padded rows of the B chunk in L1
    a_src_f16
    b_src_f16
    nd2nz.f16 x0, x24, x13, x16, x6
    nd2nz.f16 x29, x30, x16, x14, x5
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
    li x20, 0                   # ks
aic_step:
    bgeu x20, x16, aic_chunk_done
    sub x21, x16, x20
    li x24, KS
    minu x21, x21, x24          # kstep
    mul x24, x20, x22
    shli x24, x24, 1            # A sub-block: ks * padded rows * 2
    shli x30, x20, 5
    add x30, x30, x29           # B sub-block: B chunk + ks * 16 * 2
    load_l0a.f16 x0, x24, x13, x21, x22
    load_l0b.f16 x0, x30, x21, x14, x23
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    add x24, x15, x20
    bne x24, x0, aic_acc
    mmad.init.f16 x0, x0, x0, x13, x21, x14
    jmp aic_mmad_done
aic_acc:
    mmad.f16 x0, x0, x0, x13, x21, x14
aic_mmad_done:
    set_flag M, MTE1, 0         # L0A/L0B free before the next load
    wait_flag M, MTE1, 0
    addi x20, x20, KS
    jmp aic_step
aic_chunk_done:
    set_flag MTE1, MTE2, 0      # L1 free before the next chunk
    wait_flag MTE1, MTE2, 0
    addi x15, x15, KC
    jmp aic_chunk
aic_k_done:
    shli x24, x9, 15
    add x24, x24, x3            # W slot of tile t (128 x 128 x 2 bytes)
    li x25, T
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    fix.f16 x24, x0, x13, x14, x25
    cc_set_flag FIX, 2, 0       # tile t is in W
    set_flag FIX, M, 0          # L0C free before the next tile
    wait_flag FIX, M, 0
    addi x28, x28, 1
    add x9, x9, x10
    jmp aic_tile
aic_done:
    li x24, 2
    minu x24, x28, x24          # "done" flags not yet waited for
aic_drain:
    beq x24, x0, aic_halt
    cc_wait_flag S, 1
    addi x24, x24, -1
    jmp aic_drain
aic_halt:
    halt

aiv_main:
    ldp x1, BIAS
    ldp x2, Y
    ldp x3, W
    ldp x4, M
    ldp x5, N
    rsr x9, block_idx
    rsr x10, block_dim
    rsr x26, sub_block_idx
    rsr x27, sub_block_dim
    tile_grid T, 7, T, 7
    li x25, 0x000808010101      # strides: b repeat stride 0 (the bias row for every row)
    li x28, 0x080808010101      # strides: contiguous
    li x29, UB_BIAS
    shli x23, x5, 1             # Y row stride, bytes
    set_flag MTE3, MTE2, 0      # UB free
aiv_tile:
    bgeu x9, x8, aiv_done
    divu x24, x9, x7
    remu x12, x9, x7
    shli x11, x24, 7            # m0
    shli x12, x12, 7            # n0
    sub x13, x4, x11
    li x24, T
    minu x13, x13, x24          # mt
    sub x14, x5, x12
    minu x14, x14, x24          # nt
    add x15, x13, x27
    addi x15, x15, -1
    divu x15, x15, x27          # h = ceil(mt / d)
    mul x16, x26, x15           # r0 = s * h
    li x17, 0                   # rows of this AIV
    bgeu x16, x13, aiv_wait
    sub x17, x13, x16
    minu x17, x17, x15
aiv_wait:
    cc_wait_flag MTE2, 0        # tile t is in W (MTE2 waits; the scalar runs on)
    beq x17, x0, aiv_tile_done
    wait_flag MTE3, MTE2, 0     # UB free
    shli x18, x9, 15
    add x18, x18, x3
    shli x19, x16, 8
    add x18, x18, x19           # W slot + r0 rows of 256 bytes
    shli x19, x17, 8
    gm2ub x0, x18, x19
    shli x18, x12, 1
    add x18, x18, x1            # &BIAS[n0]
    shli x19, x14, 1
    gm2ub x29, x18, x19
    set_flag MTE2, V, 0
    wait_flag MTE2, V, 0
    vadd.f16 x0, x0, x29, x17, x25
    vrelu.f16 x0, x0, x17, x28
    set_flag V, MTE3, 0
    wait_flag V, MTE3, 0
    add x18, x11, x16
    mul x18, x18, x5
    add x18, x18, x12
    shli x18, x18, 1
    add x18, x18, x2            # &Y[m0 + r0][n0]
    shli x20, x14, 1            # nt * 2 bytes per row
    li x21, 0                   # row
    li x22, 0                   # UB offset of the row
aiv_row:
    bgeu x21, x17, aiv_rows_done
    ub2gm x18, x22, x20
    add x18, x18, x23
    addi x22, x22, 256
    addi x21, x21, 1
    jmp aiv_row
aiv_rows_done:
    set_flag MTE3, MTE2, 0      # UB free again
aiv_tile_done:
    cc_set_flag MTE3, 2, 1      # done with tile t (after its writes)
    add x9, x9, x10
    jmp aiv_tile
aiv_done:
    wait_flag MTE3, MTE2, 0
    halt
