# MTE1 and the cube each wait for a flag the other sets only after its own wait: a cycle.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    wait_flag M, MTE1, 1
    set_flag MTE1, M, 2
    wait_flag MTE1, M, 2
    set_flag M, MTE1, 1
    halt
