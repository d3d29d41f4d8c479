# Split core: AIV 1 (sub_block_idx 1) waits for a cross-core flag nobody sets; AIV 0 and the AIC
# finish. The deadlock report must name core 0 AIV1's scalar and what it waits on.
.target davinci
.kernel aiv1_waits
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
aic_main:
    halt
aiv_main:
    rsr x1, sub_block_idx
    beq x1, x0, done
    cc_wait_flag S, 5
done:
    halt
