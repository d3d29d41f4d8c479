.target davinci
.kernel k
.macro outer
    inner
.endm
.macro inner
    nop
    outer
.endm
    outer
    halt
