# A flag set and never waited for before halt.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    set_flag MTE2, MTE1, 2
    halt
