.target davinci
.kernel k
.param A ptr
    ldp x1, a
    ldp x2, B
.param B u32
    halt
