# mmad.s8 of 512 x 32 x 512: its INT32 accumulator needs 1 MiB of L0C.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 512
    li x2, 32
    mmad.init.s8 x0, x0, x0, x1, x2, x1
    halt
