# An endless scalar loop: stopped by the cycle budget.
.target davinci
.kernel fault
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
    li x1, 0
spin:
    addi x1, x1, 1
    jmp spin
