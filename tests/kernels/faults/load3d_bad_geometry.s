# load3d with a stride of 0 in its window operand.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 0x100080008          # fmap H=8 W=8 C1=1
    li x2, 0x00000303           # window R=3 S=3 STRIDE=0
    li x3, 0x1000000010         # extent m=16 k=16
    load3d.f16 x0, x0, x1, x2, x0, x3
    halt
