# Scalar division by zero.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 7
    li x2, 0
    divu x3, x1, x2
    halt
