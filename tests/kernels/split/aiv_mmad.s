# Split core: an AIV issues a cube instruction; the AIV has no cube.
.target davinci
.kernel aiv_mmad
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
aic_main:
    halt
aiv_main:
    li x1, 16
    mmad.init.f16 x0, x0, x0, x1, x1, x1
    halt
