.target davinci
.kernel k
.param A ptr
top:
    add x1, x2, 5
    addi x1, x1, x2
    addi x1, x1, x2 + 1
    ld x1, x2
    jmp 5
    ldp x1, [x2]
    set_flag 1, MTE1, 0
    rsr x1, 0
    addi x1, x1, [x2]
    halt
