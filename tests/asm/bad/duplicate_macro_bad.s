.target davinci
.kernel k
.macro step r
    addi \r, \r, 1
.endm
.macro step r
    addi \r, \r, 2
.endm
    step x1
    halt
