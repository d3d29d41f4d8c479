.target davinci
.kernel k
.include "no_such_file.inc"
    halt
