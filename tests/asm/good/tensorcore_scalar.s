# The tensor-core family shares the scalar subset and the front end; a counted loop, then halt.
.target tensorcore
.kernel tc_count
.param N u64

    ldp x1, N
    li x2, 0
again:
    addi x2, x2, 1
    blt x2, x1, again
    halt
