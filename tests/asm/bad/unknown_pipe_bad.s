.target davinci
.kernel k
    set_flag MTE4, MTE1, 0
    barrier CUBES
    halt
