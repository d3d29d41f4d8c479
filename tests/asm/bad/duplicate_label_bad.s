.target davinci
.kernel k
loop:
    nop
loop: nop
    jmp loop
