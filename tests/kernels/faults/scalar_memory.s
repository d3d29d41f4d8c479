# A scalar load outside the 16 KiB scalar data memory.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 16384
    ld x2, [x1 + 0]
    halt
