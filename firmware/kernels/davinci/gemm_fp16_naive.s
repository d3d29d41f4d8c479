# gemm_fp16_naive.s — the straightforward FP16 GEMM: one buffer per level, pipes serialised.
#
# Computes C[M,N] = A[M,K] x B[K,N] exactly as gemm_fp16.s does (same numerics, same result),
# but the way a first port is written: 128 x 128 output tiles, K in steps of 64, one L1, L0A,
# L0B and L0C buffer each, and every step waits for the previous one through flags
# (MTE2 -> MTE1 -> M -> MTE2 ..., and M -> FIX -> MTE2 at a tile's end), so at any time only
# one pipe works.
# Tiles go round-robin over the blocks. Expected efficiency on ascend910b-seed: ~20-25% of peak.
.target davinci
.include "cube_pipeline.inc"     # a_src_f16, b_src_f16, c_tile_addr, fix_c
.kernel gemm_fp16_naive
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32

.equ T, 128             # tile rows and cols
.equ KS, 64             # K step
.equ L1_B, 65536        # B tile offset in L1 (A tile is at 0)

    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x25, OUT_F32
    rsr x9, block_idx
    rsr x10, block_dim
    tile_grid T, 7, T, 7
    c_elem_size 2, 4
tile_loop:
    bgeu x9, x8, done
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
    andi x22, x22, -16          # padded rows of the A tile in L1
    li x15, 0                   # k0
    li x29, L1_B
k_loop:
    bgeu x15, x6, k_done
    sub x21, x6, x15
    li x24, KS
    minu x21, x21, x24          # kstep
    addi x23, x21, 15
    andi x23, x23, -16          # padded rows of the B tile in L1
    a_src_f16
    b_src_f16
    nd2nz.f16 x0, x24, x13, x21, x6
    nd2nz.f16 x29, x30, x21, x14, x5
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
    load_l0a.f16 x0, x0, x13, x21, x22
    load_l0b.f16 x0, x29, x21, x14, x23
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    bne x15, x0, acc
    mmad.init.f16 x0, x0, x0, x13, x21, x14
    jmp mmad_done
acc:
    mmad.f16 x0, x0, x0, x13, x21, x14
mmad_done:
    set_flag M, MTE2, 0         # next loads only after the cube is done with L0A/L0B
    wait_flag M, MTE2, 0
    addi x15, x15, KS
    jmp k_loop
k_done:
    c_tile_addr
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    fix_c
    set_flag FIX, M, 0          # L0C free before the next tile's first mmad
    wait_flag FIX, M, 0
    set_flag FIX, MTE2, 0       # and the next tile's loads wait for the FIX too (serialised)
    wait_flag FIX, MTE2, 0
    add x9, x9, x10
    jmp tile_loop
done:
    halt
