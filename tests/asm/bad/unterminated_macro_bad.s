.target davinci
.kernel k
    halt
.macro pair a, b
    add \a, \a, \b
