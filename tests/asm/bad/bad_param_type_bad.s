.target davinci
.kernel k
.param M u16
.param P pointer
    halt
