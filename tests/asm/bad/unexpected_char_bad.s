.target davinci
.kernel k
    li x1, 5 $ 3
    li x2, @
    halt
