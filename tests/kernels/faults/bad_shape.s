# nd2nz with a row stride shorter than a row: an invalid MTE shape.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    ldp x1, A
    li x2, 0
    li x3, 16
    li x4, 8
    nd2nz.f16 x2, x1, x3, x3, x4
    halt
