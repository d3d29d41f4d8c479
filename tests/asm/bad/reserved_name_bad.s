.target davinci
.kernel k
.equ x1, 3
.param X2 u32
x3: nop
    halt
