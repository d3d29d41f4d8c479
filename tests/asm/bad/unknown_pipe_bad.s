.target davinci
.kernel k
    set_flag MTE4, MTE1, 0
    barrier CUBES
    set_flag ALL, M, 0
    wait_flag V, ALL, 1
    halt
