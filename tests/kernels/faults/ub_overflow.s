# A vector op on UB data past the end of UB (256 KiB on the seed chip).
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 262016
    li x2, 128
    vadd.f16 x1, x1, x1, x2
    halt
