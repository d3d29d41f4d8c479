# One 16x16x16 FP16 GEMM tile through every DaVinci engine, plus the vector unit on UB data
# (every vector instruction is in davinci_vector.s).
# Flags order the pipes: MTE2 -> MTE1 -> M (cube) -> FIX, and MTE2 -> V -> MTE3.
.target davinci
.kernel davinci_gemm_tile
.param A ptr
.param B ptr
.param C ptr
.param X ptr
.param Y ptr
.param M u32
.equ TILE, 16
.equ L1_B, TILE * TILE * 2      # byte offset of B's tile in L1
.equ UB_Y, 0x2000

    ldp x1, A
    ldp x2, B
    ldp x3, C
    li x4, 0                    # L1 / L0 base addresses
    li x5, L1_B
    li x6, TILE
    nd2nz.f16 x4, x1, x6, x6, x6
    nd2nz.bf16 x4, x1, x6, x6, x6
    nd2nz.s8 x5, x2, x6, x6, x6
    nd2nz.f16 x5, x2, x6, x6, x6
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
    load_l0a.f16 x4, x4, x6, x6, x6
    load_l0a.t.f16 x4, x4, x6, x6, x6
    load_l0b.f16 x4, x5, x6, x6, x6
    load_l0b.t.f16 x4, x5, x6, x6, x6
    set_flag MTE1, M, 1
    wait_flag MTE1, CUBE, 1     # CUBE is an alias of M
    mmad.init.f16 x4, x4, x4, x6, x6, x6
    MMAD.F16 x4, x4, x4, x6, x6, x6
    set_flag M, FIX, 2
    wait_flag M, FIX, 2
    fix.f16 x3, x4, x6, x6, x6
    fix.f32 x3, x4, x6, x6, x6
    ldp x7, X
    ldp x8, Y
    ldp x9, M
    li x10, 0
    li x11, UB_Y
    gm2ub x10, x7, x9
    set_flag MTE2, V, 3
    wait_flag MTE2, VEC, 3
    li x12, 1                   # repeat count
    li x13, 0x080808010101      # strides: contiguous blocks and repeats
    vadd.f16 x11, x10, x10, x12, x13
    vrelu.f16 x11, x11, x12, x13
    set_flag V, MTE3, 4
    wait_flag V, MTE3, 4
    ub2gm x8, x11, x9
    barrier all
    halt
