# nd2nz writes past the end of L1 (1 MiB on the seed chip).
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    ldp x1, A
    li x2, 1048064          # 1 MiB - 512: a 16x16 fp16 tile needs 512 bytes... 32x16 needs 1024
    li x3, 32
    li x4, 16
    nd2nz.f16 x2, x1, x3, x4, x4
    halt
