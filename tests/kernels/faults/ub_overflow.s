# A GM -> UB copy whose destination runs past the end of UB (256 KiB on the seed chip).
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    ldp x2, A
    li x1, 262016
    li x3, 256
    gm2ub x1, x2, x3
    halt
