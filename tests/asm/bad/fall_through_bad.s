.target davinci
.kernel k
loop:
    add x1, x1, x2
    bne x1, x2, loop
