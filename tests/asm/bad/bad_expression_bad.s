.target davinci
.kernel k
    addi x1, x1, (3 + 4
    addi x1, x1, 3 +
    addi x1, x1, 3 4
    addi x1, x1, * 2
.equ E, )
    halt
