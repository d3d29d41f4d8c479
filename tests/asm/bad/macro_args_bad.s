.target davinci
.kernel k
.macro add3 d, a, b=x0
    add \d, \a, \b
    add \d, \d, \c
.endm
    add3 x1, x2, x3, x4
    add3 x1, a=x2, z=x3
    add3 x1
    add3 x1, x2, a=x3
    add3 x1, x2
    halt
