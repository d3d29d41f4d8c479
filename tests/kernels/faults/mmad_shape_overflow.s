# An mmad whose m x n accumulator (4 bytes each) does not fit L0C (256 KiB): 512 x 256 x 4 = 512 KiB.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 0
    li x3, 512
    li x4, 16
    li x5, 256
    mmad.init.f16 x1, x1, x1, x4, x4, x5
    mmad.init.f16 x1, x1, x1, x3, x4, x5
    halt
