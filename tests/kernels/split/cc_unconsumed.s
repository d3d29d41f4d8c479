# Split core: the AIC sets a cross-core flag for its AIVs, which never wait for it.
.target davinci
.kernel cc_unconsumed
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
aic_main:
    cc_set_flag FIX, 2, 7
    halt
aiv_main:
    halt
