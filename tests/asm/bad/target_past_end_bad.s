.target davinci
.kernel k
    bne x1, x2, end
    halt
end:
