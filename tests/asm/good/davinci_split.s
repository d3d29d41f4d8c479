# Split-core control: entry labels, sub-block registers and cross-core flags.
.target davinci
.kernel split_sync
.param C ptr
aic_main:
    cc_set_flag FIX, 2, 3
    cc_wait_flag S, 4
    halt
aiv_main:
    rsr x1, sub_block_idx
    rsr x2, sub_block_dim
    cc_wait_flag MTE2, 3
    cc_set_flag S, 1, 10
    cc_wait_flag S, 10
    cc_set_flag MTE3, 2, 4
    halt
