.target davinci
.kernel k
.param A
.equ N,
    add x1,, x2
    add x1, x2,
    , x1
.kernel k extra
    halt
