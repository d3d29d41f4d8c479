.target davinci
.kernel k
    li x1, 1 << 64
    li x1, 1 >> -1
    halt
