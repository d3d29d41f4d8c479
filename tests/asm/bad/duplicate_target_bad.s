.target davinci
.kernel k
.target tensorcore
    halt
