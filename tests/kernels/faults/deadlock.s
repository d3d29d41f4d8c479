# The cube waits for a flag that MTE1 never sets.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    wait_flag MTE1, M, 3
    halt
