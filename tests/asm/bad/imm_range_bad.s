.target davinci
.kernel k
    addi x1, x1, 0x8000_0000
    addi x1, x1, -2147483649
    li x1, 1 << 47
    ld x1, [x2 + 0x1_0000_0000]
    addi x1, x1, -2147483648
    li x1, -(1 << 47)
    halt
