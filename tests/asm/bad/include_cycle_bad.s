.target davinci
.kernel k
.include "include_cycle.inc"
    halt
