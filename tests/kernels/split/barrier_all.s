# Split core: a mode-0 barrier over every AIC and AIV of the kernel, once, then halt.
.target davinci
.kernel barrier_all
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
aic_main:
aiv_main:
    cc_set_flag S, 0, 1
    cc_wait_flag S, 1
    halt
