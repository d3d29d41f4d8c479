# no .target: reported at the first statement, instructions still checked against DaVinci
.kernel k
    halt
