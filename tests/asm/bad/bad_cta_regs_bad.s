.target tensorcore
.kernel k
.equ ACC, 128
.regs ACC * 2
.regs 0
.regs
    halt
