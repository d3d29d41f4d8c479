# Split core: K round trips AIC -> AIVs -> AIC through cross-core flags (mode 2), nothing else.
# Each trip costs two flag latencies (core.cross_flag) plus a few cycles of issue.
.target davinci
.kernel ping_pong
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
aic_main:
    ldp x1, K
    li x2, 0
aic_loop:
    bgeu x2, x1, aic_done
    cc_set_flag S, 2, 3         # to both AIVs
    cc_wait_flag S, 4           # both AIVs answered
    addi x2, x2, 1
    jmp aic_loop
aic_done:
    halt
aiv_main:
    ldp x1, K
    li x2, 0
aiv_loop:
    bgeu x2, x1, aiv_done
    cc_wait_flag S, 3
    cc_set_flag S, 2, 4         # counted once both AIVs have set it
    addi x2, x2, 1
    jmp aiv_loop
aiv_done:
    halt
