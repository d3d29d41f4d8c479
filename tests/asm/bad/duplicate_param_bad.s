.target davinci
.kernel k
.param A ptr
.param M u32
.param A u64
    halt
