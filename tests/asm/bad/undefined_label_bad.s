.target davinci
.kernel k
    bne x1, x2, loop
    jmp Loop
loop: halt
