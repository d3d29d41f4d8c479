# softmax_fp16.s — row softmax, Y[r, :] = exp(X[r, :] - max) / sum(exp(X[r, :] - max)).
#
# Params: X, Y (FP16 [R, L] row-major in GM), R, L (u32; L <= 8192). FP16 in and out, FP32
# inside: convert, max, subtract, exp, sum, divide, convert back. Accuracy: every output within
# 1 FP16 ulp of the exact softmax (ISA.md "Vector unit": vexp.f32 is within 0.5 + 2^-24 ulp, the
# FP32 sums and the divide add ~1e-5 relative at most, far below FP16's 2^-11); NaN for a row
# holding a NaN or +inf, or only -inf, as IEEE arithmetic gives.
# Tiling: rows are split evenly over the blocks; a block streams its rows one at a time through
# UB, double buffered: MTE2 loads row i+1 (IN ping/pong) and MTE3 stores row i-1 (OUT ping/pong)
# while V works on row i in one FP32 row buffer W (ceil(L/64) repeats of 64 lanes).
#   max: ACC = -inf (one repeat), ACC = max(ACC, W[rep]) over all repeats in one vmax with
#        dst/a repeat stride 0 (repeats run in order), then vcmax -> one value, vbrcb -> a 32 B
#        block holding it; subtract and divide read that block with b strides 0 (broadcast).
#   sum: the same with +0 and vadd, then vcadd (tree).
#   The lanes past L in the last repeat are set to -inf by a masked vdup (set_vmask), so they
#   add exp(-inf) = 0 to the sum and never win the max.
# Flags (counting, id 0; all pipes walk the ping/pong buffers in the same order): MTE2->V row
# loaded; V->MTE2 IN buffer free (2 credits at start); V->MTE3 row done; MTE3->V OUT buffer free
# (2 credits). All credits are consumed at the end.
# Expected efficiency: vector bound for L >= ~256 (about 14 vector instructions, ~26 V cycles per
# 64 elements, against 4 GM bytes per element); short rows pay the MTE heads per row. Measured
# (timing-only, all cores): R=4096,L=1024: V busy 81.9%, 241 GB/s on ascend910b-seed (69.7 us),
# V busy 84.8%, 336 GB/s on ascend910b2 (49.9 us); R=1024,L=8192: V busy 86.6% / 88.4%;
# R=16384,L=128: V busy 52% / 53% (MTE2 heads dominate; batching rows would help).
.target davinci
.kernel softmax_fp16
.param X ptr
.param Y ptr
.param R u32
.param L u32

.equ IN0, 0                      # UB: FP16 input rows (ping/pong)
.equ IN1, 16384
.equ OUT0, 32768                 #     FP16 output rows (ping/pong)
.equ OUT1, 49152
.equ W, 65536                    #     FP32 row (32 KiB, its own 64 KiB bank region)
.equ ACC, 131072                 #     one repeat of partial maxima / sums
.equ MAXV, ACC + 512             #     the row maximum (vcmax result)
.equ MAXB, ACC + 1024            #     ... broadcast into a 32 B block (vbrcb)
.equ SUMV, ACC + 1536
.equ SUMB, ACC + 2048
.equ CONTIG, 0x080808010101      # all blocks 1, repeats 8
.equ CONV_UP, 0x000408010101     # FP16 a (4 blocks, repeat stride 4) -> FP32 dst
.equ CONV_DOWN, 0x000804010101   # FP32 a -> FP16 dst (repeat stride 4)
.equ ACCUM, 0x080000010101       # dst and a repeat stride 0, b walks the row
.equ BCAST, 0x000808000101       # b block and repeat stride 0: one 32 B block for every lane
.equ NEG_INF, 0xff800000         # FP32 -inf

aiv_main:
    ldp x1, X
    ldp x2, Y
    ldp x3, R
    ldp x4, L
    rsr x5, block_idx
    rsr x6, block_dim
    add x7, x3, x6
    addi x7, x7, -1
    divu x7, x7, x6                  # rows per block
    mul x8, x5, x7                   # first row
    add x9, x8, x7
    minu x9, x9, x3                  # end row
    bgeu x8, x9, idle
    shli x10, x4, 1                  # row bytes (FP16)
    addi x11, x4, 63
    shri x11, x11, 6                 # FP32 repeats per row
    li x12, W
    addi x13, x11, -1
    shli x13, x13, 8
    add x13, x13, x12                # W's last repeat
    andi x14, x4, 63                 # valid lanes in the last repeat (0: all)
    li x15, 1
    shl x15, x15, x14
    addi x15, x15, -1
    li x16, -1
    xor x15, x15, x16                # mask: lanes past L
    li x17, NEG_INF
    li x18, ACC
    li x19, MAXV
    li x20, MAXB
    li x21, SUMV
    li x22, SUMB
    li x23, CONTIG
    li x24, CONV_UP
    li x25, CONV_DOWN
    li x26, ACCUM
    li x27, BCAST
    li x28, 1
    li x30, IN0                      # current IN buffer (x30 ^= x31 toggles)
    li x31, IN0 ^ IN1
    li x5, OUT0                      # current OUT buffer (x5 ^= x6 toggles)
    li x6, OUT0 ^ OUT1
    set_flag V, MTE2, 0              # two free IN buffers
    set_flag V, MTE2, 0
    set_flag MTE3, V, 0              # two free OUT buffers
    set_flag MTE3, V, 0
    mul x29, x8, x10                 # GM byte offset of the current row
loop:
    bgeu x8, x9, drain
    add x7, x1, x29
    wait_flag V, MTE2, 0
    gm2ub x30, x7, x10
    set_flag MTE2, V, 0
    wait_flag MTE2, V, 0
    vconv.f162f32 x12, x30, x11, x24
    set_flag V, MTE2, 0
    beq x14, x0, full
    set_vmask x15, x0
    vdup.f32 x13, x17, x28, x23
    set_vmask x16, x16
full:
    vdup.f32 x18, x17, x28, x23
    vmax.f32 x18, x18, x12, x11, x26
    vcmax.f32 x19, x18, x28, x23
    vbrcb.f32 x20, x19, x28, x23
    vsub.f32 x12, x12, x20, x11, x27
    vexp.f32 x12, x12, x11, x23
    vdup.f32 x18, x0, x28, x23
    vadd.f32 x18, x18, x12, x11, x26
    vcadd.f32 x21, x18, x28, x23
    vbrcb.f32 x22, x21, x28, x23
    vdiv.f32 x12, x12, x22, x11, x27
    wait_flag MTE3, V, 0
    vconv.f322f16 x5, x12, x11, x25
    set_flag V, MTE3, 0
    add x7, x2, x29
    wait_flag V, MTE3, 0
    ub2gm x7, x5, x10
    set_flag MTE3, V, 0
    addi x8, x8, 1
    add x29, x29, x10
    xor x30, x30, x31
    xor x5, x5, x6
    jmp loop
drain:
    wait_flag V, MTE2, 0
    wait_flag V, MTE2, 0
    wait_flag MTE3, V, 0
    wait_flag MTE3, V, 0
idle:
    halt
