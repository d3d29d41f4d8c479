.target davinci
.kernel k
.kernel k2
    halt
