.target davinci
.kernel k
    set_flag MTE2, MTE1, 8
    wait_flag MTE2, MTE1, -1
    halt
