.target davinci
.kernel k
.include "include_kernel.inc"
    halt
