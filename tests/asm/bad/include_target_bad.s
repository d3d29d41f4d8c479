.target davinci
.kernel k
.include "include_target.inc"
    halt
