# constants must be defined before use
.target davinci
.kernel k
.equ TWO_TILES, TILE * 2
.equ TILE, 128
    addi x1, x1, TILE + MISSING
    halt
