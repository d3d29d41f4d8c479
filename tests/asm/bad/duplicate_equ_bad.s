.target davinci
.kernel k
.equ TILE, 128
.equ TILE, 64
    halt
