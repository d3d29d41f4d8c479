.target davinci
.kernel k
    mmad.f61 x1, x2, x3, x4, x5, x6
    frobnicate x1
    ADDD x1, x2, x3
    halt
