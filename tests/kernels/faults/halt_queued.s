# The cube queue holds an mmad behind a wait_flag that nothing sets: halt waits for it forever.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 0
    li x2, 16
    wait_flag MTE1, M, 1
    mmad.init.f16 x1, x1, x1, x2, x2, x2
    halt
