# Split core: the AIC copies GM -> UB; UB belongs to the AIVs (MTE2 exists on the AIC, UB does not).
.target davinci
.kernel aic_ub
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
aic_main:
    ldp x1, A
    li x2, 64
    gm2ub x0, x1, x2
    halt
