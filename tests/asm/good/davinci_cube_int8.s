# The INT8 cube path, the transposing INT8 loads, load3d (img2col) and the FIX conversions
# (INT32 out, requantised INT8 out, BF16 out): every cube-side mnemonic added for issue 3.
.target davinci
.kernel davinci_cube_int8
.param A ptr
.param C ptr
.param SCALE f32

    ldp x1, A
    ldp x2, C
    ldp x3, SCALE
    li x4, 32                   # m = k = n
    li x5, 0
    nd2nz.s8 x5, x1, x4, x4, x4
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
    load_l0a.s8 x5, x5, x4, x4, x4
    load_l0b.s8 x5, x5, x4, x4, x4
    load_l0a.t.s8 x5, x5, x4, x4, x4
    load_l0b.t.s8 x5, x5, x4, x4, x4
    li x6, 0x100080008          # fmap: H=8, W=8, C1=1
    li x7, 0x01010303           # window: R=3 S=3 STRIDE=1 PAD=1
    li x8, 0                    # origin: row 0, k 0
    li x9, 0x1000000010         # extent: m=16, k=16
    load3d.f16 x5, x5, x6, x7, x8, x9
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    mmad.init.s8 x5, x5, x5, x4, x4, x4
    mmad.s8 x5, x5, x5, x4, x4, x4
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    fix.s32 x2, x5, x4, x4, x4
    fix.s8 x2, x5, x4, x4, x4, x3
    fix.bf16 x2, x5, x4, x4, x4
    halt
