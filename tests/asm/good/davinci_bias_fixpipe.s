# The AIC's bias table and fixpipe buffer (910B): load_bt, load_fb, mmad.bias and the
# per-channel requantisation fix.s8.fb.
.target davinci
.kernel davinci_bias_fixpipe
.param A ptr
.param C ptr

    ldp x1, A
    ldp x2, C
    li x4, 16                   # m = n
    li x5, 0
    li x6, 64                   # bias / scale bytes
    li x7, 32                   # k
    nd2nz.s8 x5, x1, x4, x7, x7
    set_flag MTE2, MTE1, 0
    set_flag MTE2, FIX, 0
    wait_flag MTE2, MTE1, 0
    load_bt x5, x5, x6
    load_l0a.s8 x5, x5, x4, x7, x4
    load_l0b.s8 x5, x5, x7, x4, x7
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    li x8, 0x4000000010         # n_bt = n | bt_addr << 32: n = 16 at BT byte 64
    mmad.bias.s8 x5, x5, x5, x4, x7, x4
    mmad.bias.f16 x5, x5, x5, x4, x4, x8
    set_flag M, FIX, 0
    wait_flag MTE2, FIX, 0
    load_fb x5, x5, x6
    wait_flag M, FIX, 0
    fix.s8.fb x2, x5, x4, x4, x4, x5
    halt
