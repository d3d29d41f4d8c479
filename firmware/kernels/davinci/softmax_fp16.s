# softmax_fp16.s — row softmax, Y[r, :] = exp(X[r, :] - max) / sum(exp(X[r, :] - max)).
#
# Params: X, Y (FP16 [R, L] row-major in GM), R, L (u32; L <= 8192). FP16 in and out, FP32
# inside: convert, max, subtract, exp, sum, divide, convert back. Accuracy: every output within
# 1 FP16 ulp of the exact softmax (ISA.md "Vector unit": vexp.f32 is within 0.5 + 2^-24 ulp, the
# FP32 sums and the divide add ~1e-5 relative at most, far below FP16's 2^-11); NaN for a row
# holding a NaN or +inf, or only -inf, as IEEE arithmetic gives.
# Tiling: rows are split evenly over the workers (block_idx x sub_block_dim + sub_block_idx: the
# AIVs of a split 910B core, or the coupled cores); each streams its rows through UB in tiles of
# k rows, one MTE2/MTE3 transfer each (k = max(1, 32 / ceil(L/64)) when L is a multiple of 64:
# tiles of up to 4 KiB amortise the MTE heads over short rows without a long pipeline fill;
# otherwise k = 1, as the rows would not start 32 B aligned in UB), double
# buffered: MTE2 loads tile i+1 (IN ping/pong) and MTE3 stores tile i-1 (OUT ping/pong) while V
# works on tile i row by row in one FP32 row buffer W (ceil(L/64) repeats of 64 lanes).
#   max: ACC = -inf (one repeat), ACC = max(ACC, W[rep]) over all repeats in one vmax with
#        dst/a repeat stride 0 (repeats run in order), then vcmax -> one value, vbrcb -> a 32 B
#        block holding it; subtract and divide read that block with b strides 0 (broadcast).
#   sum: the same with +0 and vadd, then vcadd (tree).
#   The lanes past L in the last repeat are set to -inf by a masked vdup (set_vmask), so they
#   add exp(-inf) = 0 to the sum and never win the max.
# Flags (counting, id 0; all pipes walk the ping/pong buffers in the same order): MTE2->V tile
# loaded; V->MTE2 IN buffer free (2 credits at start); V->MTE3 tile done; MTE3->V OUT buffer free
# (2 credits). All credits are consumed at the end.
# Expected efficiency: vector bound (about 14 vector instructions, ~26 V cycles per 64 elements,
# against 4 GM bytes per element). Measured (timing-only, all cores; vector busy = V busy share
# of all vector units), ascend910b-seed (32 coupled cores) / ascend910b2 (48 AIVs):
# R=4096,L=1024: V busy 81.7% / 70.8%, 241 / 564 GB/s, 69.6 / 29.7 us; R=1024,L=8192: 86.6% /
# 77.3%; R=16384,L=128: 78.3% / 68.6% (104.7 / 44.3 us; 161.6 us on the seed with one row per
# transfer); R=4096,L=1000 (ragged, one row per transfer): 80.4% / 67.1%.
.target davinci
.kernel softmax_fp16
.param X ptr
.param Y ptr
.param R u32
.param L u32

.equ IN0, 0                      # UB: FP16 input tiles (ping/pong)
.equ IN1, 16384
.equ OUT0, 32768                 #     FP16 output tiles (ping/pong)
.equ OUT1, 49152
.equ W, 65536                    #     FP32 row (32 KiB, its own 64 KiB bank region)
.equ ACC, 131072                 #     one repeat of partial maxima / sums
.equ RED, ACC + 512              #     the row maximum / sum (vcmax / vcadd result)
.equ BC, ACC + 1024              #     ... broadcast into a 32 B block (vbrcb)
.equ TILE_REPS, 32               # rows per tile: up to 32 FP32 repeats (4 KiB of FP16)
.equ S_ROWS, 0                   # scalar data: rows in the current tile
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
    rsr x7, sub_block_idx            # split core: which AIV (coupled: 0 of 1)
    rsr x28, sub_block_dim
    mul x5, x5, x28
    add x5, x5, x7                   # worker = block x AIVs + AIV
    mul x6, x6, x28                  # workers
    add x7, x3, x6
    addi x7, x7, -1
    divu x7, x7, x6                  # rows per worker
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
    li x28, 1
    li x21, TILE_REPS
    divu x21, x21, x11               # rows per tile (0 when a row is longer than a tile)
    beq x14, x0, aligned
    li x21, 0                        # ragged rows are not 32 B aligned: one row per tile
aligned:
    maxu x21, x21, x28
    li x17, NEG_INF
    li x18, ACC
    li x19, RED
    li x20, BC
    li x23, CONTIG
    li x24, CONV_UP
    li x25, CONV_DOWN
    li x26, ACCUM
    li x27, BCAST
    li x30, IN0                      # current IN tile
    li x5, OUT0                      # current OUT tile
    set_flag V, MTE2, 0              # two free IN buffers
    set_flag V, MTE2, 0
    set_flag MTE3, V, 0              # two free OUT buffers
    set_flag MTE3, V, 0
    mul x29, x8, x10                 # GM byte offset of the current tile
loop:
    bgeu x8, x9, drain
    sub x22, x9, x8
    minu x22, x22, x21               # rows in this tile
    st x22, [x0 + S_ROWS]
    mul x4, x22, x10                 # tile bytes
    add x7, x1, x29
    wait_flag V, MTE2, 0
    gm2ub x30, x7, x4
    set_flag MTE2, V, 0
    wait_flag MTE2, V, 0
    wait_flag MTE3, V, 0
    mov x3, x30                      # row in IN
    mov x31, x5                      # row in OUT
row:
    vconv.f162f32 x12, x3, x11, x24
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
    vcadd.f32 x19, x18, x28, x23
    vbrcb.f32 x20, x19, x28, x23
    vdiv.f32 x12, x12, x20, x11, x27
    vconv.f322f16 x31, x12, x11, x25
    add x3, x3, x10
    add x31, x31, x10
    addi x22, x22, -1
    bne x22, x0, row
    set_flag V, MTE2, 0
    set_flag V, MTE3, 0
    add x7, x2, x29
    wait_flag V, MTE3, 0
    ub2gm x7, x5, x4
    set_flag MTE3, V, 0
    ld x22, [x0 + S_ROWS]
    add x8, x8, x22
    add x29, x29, x4
    li x7, IN0 + IN1
    sub x30, x7, x30                 # other IN buffer
    li x7, OUT0 + OUT1
    sub x5, x7, x5                   # other OUT buffer
    jmp loop
drain:
    wait_flag V, MTE2, 0
    wait_flag V, MTE2, 0
    wait_flag MTE3, V, 0
    wait_flag MTE3, V, 0
idle:
    halt
