# fix.s8 writing a 32 x 32 tile with row stride 4096 from C: past the end of C.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    ldp x1, C
    li x2, 32
    li x3, 4096
    li x4, 0x3f800000           # scale 1.0
    fix.s8 x1, x0, x2, x2, x3, x4
    halt
