.target davinci
.kernel k
.global k
.word 5
    halt
