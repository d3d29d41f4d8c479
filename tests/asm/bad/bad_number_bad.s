.target davinci
.kernel k
    li x1, 0x1G
    li x2, 12abc
    li x3, 0x
    li x4, 1__000
    li x5, 0b102
    li x6, 99999999999999999999
    halt
