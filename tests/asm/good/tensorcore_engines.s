# Every tensor-core engine and thread instruction once: two warp roles, mbarriers, TMA, wgmma and
# the epilogue.
.target tensorcore
.kernel tc_engines
.param A ptr
.param C ptr

role_producer:
    li x1, 1
    mbar.init x0, x1
    mbar.arrive x0
    mbar.arrive_tx x0, x1
    ldp x2, A
    tma.load x0, x2, x1, x1, x1, x0
    tma.store x2, x0, x1, x1, x1, x0
    halt
role_consumer:
    mbar.wait x0, x0
    li x3, 8
    wgmma.init.f16 x0, x0, x0, x3, x3, x3
    wgmma.f16 x0, x0, x0, x3, x3, x3
    wgmma.init.s8 x0, x0, x0, x3, x3, x3
    wgmma.s8 x0, x0, x0, x3, x3, x3
    wgmma.commit
    wgmma.wait 0
    ldp x4, C
    epi.f16 x4, x0, x1, x1, x1, x1
    epi.f32 x4, x0, x1, x1, x1, x1
    epi.s32 x4, x0, x1, x1, x1, x1
    halt
