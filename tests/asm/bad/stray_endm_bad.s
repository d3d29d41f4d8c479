.target davinci
.kernel k
    nop
.endm
.exitm
    halt
