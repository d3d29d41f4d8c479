# load3d reading a 4096 x 4096 x 16 feature map: far more than L1 holds.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 0x110001000          # fmap H=4096 W=4096 C1=1
    li x2, 0x00010303           # window R=3 S=3 STRIDE=1
    li x3, 0x1000000010
    load3d.f16 x0, x0, x1, x2, x0, x3
    halt
