.target davinci
.kernel k
    ld x1, [x2 + 8
    ld x1, [x2 * 8]
    ld x1, [8]
    ld x1, [x2] + 4
    ld x1, []
    st x1, [foo + 8]
    halt
