.kernel k
.target davinci
    halt
