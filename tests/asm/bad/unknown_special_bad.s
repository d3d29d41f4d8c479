.target davinci
.kernel k
    rsr x1, block_id
    halt
