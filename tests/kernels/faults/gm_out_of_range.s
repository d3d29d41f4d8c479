# nd2nz reads past the end of allocation A.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    ldp x1, A
    ldp x5, M
    ldp x6, K
    addi x5, x5, 1          # one row too many
    li x2, 0
    nd2nz.f16 x2, x1, x5, x6, x6
    halt
