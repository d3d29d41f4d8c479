// A label at the end of the code, labels sharing a line, and a program that ends with jmp.
.target davinci
.kernel forward_only
.equ BIG, 0x7FFF_FFFF
.equ SMALL, -BIG - 1
top: entry: li x1, SMALL
    addi x1, x1, BIG
    ld x2, [x1 - 2147483648]
    bne x1, x0, top
    jmp tail
tail: jmp top
unused_end:
