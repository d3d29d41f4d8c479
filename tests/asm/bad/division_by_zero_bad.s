.target davinci
.kernel k
.equ ZERO, 0
    addi x1, x1, 10 / ZERO
    addi x1, x1, 10 % (ZERO * 3)
.equ BAD, 1 / 0
    halt
