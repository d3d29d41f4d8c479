# load_l0a to an L0A address that is not 512-byte aligned.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 256
    li x2, 0
    li x3, 16
    load_l0a.f16 x1, x2, x3, x3, x3
    halt
