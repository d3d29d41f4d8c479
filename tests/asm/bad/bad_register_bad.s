.target davinci
.kernel k
    add x32, x1, x2
    add y3, x1, x2
    ld x1, [x40 + 8]
    mov x01, x2
    halt
