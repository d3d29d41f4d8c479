.target davinci
.kernel k
    add x1, x2
    halt x1
    jmp
    set_flag MTE2, MTE1
    halt
