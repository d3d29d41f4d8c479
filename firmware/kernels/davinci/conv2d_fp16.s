# conv2d_fp16.s — 2-D convolution via img2col on the cube (load3d), FP16 in, FP32 accumulate.
#
# Computes Y[n][oh][ow][k] = sum over r, s, c of X[n][ih][iw][c] * WT[k][r][s][c] with
# ih = oh*STRIDE - PAD + r, iw = ow*STRIDE - PAD + s (zero padding), X NHWC, WT KRSC, Y NHWC,
# all row-major in GM; Y FP16 (RNE) or FP32 (OUT_F32 != 0). OH = (H + 2*PAD - R)/STRIDE + 1.
# Per image it is the GEMM Y[P x K] = Patch[P x KRED] x Wt[KRED x K] with P = OH*OW and
# KRED = R*S*Cp (Cp = C rounded up to 16). The img2col k order is (r, s, c): window row, window
# column, channel, channels padded to Cp with zeros (firmware/ISA.md, load3d). The cube adds the
# products in that ascending k order, padding terms included, which is the numerics contract the
# golden (tb/util/golden_conv.h, a direct convolution) implements: bit-identical results.
#
# Data path: MTE2 nd2nz copies a band of one image's rows — the input rows that TILE_OH output
# rows read, [rows*W x C] -> NZ, C1 planes — to L1 [0, 256 KiB) and the weights of one output-channel tile ([TILE_N x C] per (r, s) -> NZ, R*S blocks
# of C1 column blocks, which together are the NZ of Wt^T [TILE_N x KRED]) to L1 from 256 KiB. Per
# output tile of TILE_M pixels x TILE_N channels and per K step of 64, MTE1 builds the patch
# matrix tile straight into L0A with load3d and the weight tile into L0B with load_l0b.t.f16;
# the cube accumulates in L0C; FIX writes the tile to Y with row stride K.
#
# Tiling (host tiling data, tb/npuemu/conv2d_workload.cpp): TILE_N = K split into equal tiles
# (rounded up to 16) of at most 256 channels whose weights fit L1 beside the feature map;
# TILE_M = the largest multiple of 16 up to 256 with a TILE_M x TILE_N FP32 accumulator in L0C;
# TILE_OH = the most output rows (all OH when the image fits) whose input rows fit 256 KiB, cut
# further when images x channel tiles are fewer than the cores, so every core gets a band.
# Work units (image, band of TILE_OH output rows, channel tile) go round-robin over the blocks;
# each unit loads its band and weights once and walks the band's pixels; load3d gets the band's
# first image row and row count (fmap ROW0, window BAND). Limits: the input rows of one output
# row must fit 256 KiB (the workload rejects wider ones); dilation 1; symmetric padding.
# Pipes: L0A/L0B ping-pong (MTE1 builds step i+1 while the cube runs step i), FIX drains a tile
# while MTE1 starts the next; L1 is single-buffered per unit (the next unit's loads wait until
# MTE1 has finished with this one). Flags:
#   MTE2->MTE1 0  unit's band + weights in L1    MTE1->MTE2 0  L1 free (1 credit at start)
#   MTE1->M    q  L0 slot q loaded               M->MTE1    q  L0 slot q free (2 credits)
#   M->FIX     0  tile accumulated               FIX->M     0  L0C free (1 credit)
# Expected efficiency: per K step the cube runs ceil(TILE_M/16) x 4 x ceil(TILE_N/16) fractal
# cycles while MTE1 moves TILE_M x 64 + 64 x TILE_N FP16 (load3d at l0a_rate, weights at
# l0b_rate), so MTE1 keeps up; what costs is per unit: launch, the unpipelined L1 loads of image
# and weights, one FIX drain per tile, and how evenly N x ceil(K/TILE_N) units spread over the
# cores. Measured (timing-only), N=32, 3x3, pad 1: 28x28x128 -> 128 ~49% of peak on
# ascend910b-seed, ~46% on ascend910b2; 56x56x64 -> 64 (two bands per image) ~40% / ~38%.
.target davinci
.kernel conv2d_fp16
.param X ptr
.param WT ptr
.param Y ptr
.param N u32
.param H u32
.param W u32
.param C u32
.param K u32
.param R u32
.param S u32
.param STRIDE u32
.param PAD u32
.param TILE_M u32
.param TILE_N u32
.param TILE_OH u32
.param OUT_F32 u32

.equ KS, 64             # K step in L0 (patch columns per load3d)
.equ L0_SLOT, 32768     # bytes per L0A / L0B half
.equ WBASE, 262144      # L1: feature map at 0, weights from 256 KiB
# scalar data memory
.equ S_R, 0
.equ S_S, 8
.equ S_C, 16
.equ S_C1, 24
.equ S_TN, 32
.equ S_TM, 40
.equ S_CT, 48           # channel tiles = ceil(K / TILE_N)
.equ S_WIDTH, 56        # W
.equ S_RSC, 72          # R*S*C: row stride of WT in elements
.equ S_OH, 80
.equ S_OW, 88
.equ S_P, 96            # OH*OW
.equ S_TOH, 104         # TILE_OH: output rows per band
.equ S_NB, 112          # bands = ceil(OH / TILE_OH)
.equ S_FMAP, 120        # load3d fmap operand without ROW0
.equ S_WIN, 128         # load3d window operand without BAND
.equ S_H, 136
.equ S_WC2, 144         # W*C*2: bytes of one input image row
.equ S_STRIDE, 152
.equ S_PAD, 160

    ldp x1, X
    ldp x2, WT
    ldp x3, Y
    ldp x23, H
    st x23, [x0 + S_H]
    ldp x24, W
    ldp x25, C
    st x25, [x0 + S_C]
    mul x31, x24, x25
    shli x31, x31, 1
    st x31, [x0 + S_WC2]
    ldp x21, K
    ldp x26, R
    st x26, [x0 + S_R]
    ldp x27, S
    st x27, [x0 + S_S]
    ldp x28, STRIDE
    st x28, [x0 + S_STRIDE]
    ldp x29, PAD
    st x29, [x0 + S_PAD]
    addi x30, x25, 15
    shri x30, x30, 4            # C1
    st x30, [x0 + S_C1]
    st x24, [x0 + S_WIDTH]
    mul x31, x26, x27
    mul x31, x31, x25
    st x31, [x0 + S_RSC]
    shli x31, x24, 16
    or x15, x23, x31
    shli x31, x30, 32
    or x15, x15, x31            # fmap = H | W << 16 | C1 << 32 (ROW0 per band)
    st x15, [x0 + S_FMAP]
    shli x31, x27, 8
    or x16, x26, x31
    shli x31, x28, 16
    or x16, x16, x31
    shli x31, x29, 24
    or x16, x16, x31            # window = R | S << 8 | STRIDE << 16 | PAD << 24 (BAND per band)
    st x16, [x0 + S_WIN]
    mul x17, x26, x27
    mul x17, x17, x30
    shli x17, x17, 4            # KRED = R * S * C1 * 16
    shli x31, x29, 1            # 2 * PAD
    add x23, x23, x31
    sub x23, x23, x26
    divu x23, x23, x28
    addi x23, x23, 1            # OH
    st x23, [x0 + S_OH]
    add x24, x24, x31
    sub x24, x24, x27
    divu x24, x24, x28
    addi x24, x24, 1            # OW
    st x24, [x0 + S_OW]
    mul x18, x23, x24           # P = OH * OW
    st x18, [x0 + S_P]
    ldp x25, TILE_OH
    st x25, [x0 + S_TOH]
    add x23, x23, x25
    addi x23, x23, -1
    divu x23, x23, x25          # bands
    st x23, [x0 + S_NB]
    ldp x23, TILE_N
    st x23, [x0 + S_TN]
    add x24, x21, x23
    addi x24, x24, -1
    divu x24, x24, x23          # channel tiles
    st x24, [x0 + S_CT]
    ldp x25, N
    mul x4, x25, x24
    ld x23, [x0 + S_NB]
    mul x4, x4, x23             # units = N * bands * channel tiles
    ldp x23, TILE_M
    st x23, [x0 + S_TM]
    ldp x22, OUT_F32
    li x23, 2
    beq x22, x0, out16
    li x23, 4
out16:
    mov x22, x23                # Y element size
    rsr x5, block_idx
    rsr x6, block_dim
    set_flag MTE1, MTE2, 0
    set_flag M, MTE1, 0
    set_flag M, MTE1, 1
    set_flag FIX, M, 0
    li x19, 0                   # step counter (L0 slot = x19 & 1)
unit_loop:
    bgeu x5, x4, done
    ld x23, [x0 + S_CT]
    ld x24, [x0 + S_NB]
    mul x24, x24, x23           # units per image
    divu x7, x5, x24            # image
    remu x26, x5, x24
    divu x27, x26, x23          # band
    remu x8, x26, x23           # channel tile
    ld x28, [x0 + S_TOH]
    mul x29, x27, x28           # oh0
    add x30, x29, x28
    ld x31, [x0 + S_OH]
    minu x30, x30, x31          # oh1
    ld x31, [x0 + S_OW]
    mul x11, x29, x31           # p0 = first patch row of the band
    mul x18, x30, x31           # p_end
    ld x31, [x0 + S_STRIDE]
    mul x29, x29, x31
    ld x26, [x0 + S_PAD]
    maxu x29, x29, x26
    sub x29, x29, x26           # ih_lo = max(oh0 * STRIDE - PAD, 0)
    addi x30, x30, -1
    mul x30, x30, x31
    ld x31, [x0 + S_R]
    add x30, x30, x31
    sub x30, x30, x26           # (oh1 - 1) * STRIDE - PAD + R: one past the last row read
    ld x31, [x0 + S_H]
    minu x30, x30, x31
    sub x30, x30, x29           # band rows
    ld x15, [x0 + S_FMAP]
    shli x31, x29, 48
    or x15, x15, x31            # fmap | ROW0 << 48
    ld x16, [x0 + S_WIN]
    shli x31, x30, 32
    or x16, x16, x31            # window | BAND << 32
    ld x24, [x0 + S_TN]
    mul x8, x8, x24             # n0: first output channel
    sub x9, x21, x8
    minu x9, x9, x24            # nt
    addi x10, x9, 15
    andi x10, x10, -16          # RpN = ceil16(nt)
    wait_flag MTE1, MTE2, 0     # L1 free
    ld x23, [x0 + S_H]
    mul x23, x23, x7
    add x23, x23, x29
    ld x24, [x0 + S_WC2]
    mul x23, x23, x24
    add x23, x23, x1            # &X[image][ih_lo]
    ld x24, [x0 + S_WIDTH]
    mul x24, x30, x24           # band rows x W pixels
    ld x25, [x0 + S_C]
    nd2nz.f16 x0, x23, x24, x25, x25
    ld x27, [x0 + S_R]
    ld x28, [x0 + S_S]
    mul x27, x27, x28           # R * S window positions
    ld x29, [x0 + S_RSC]
    mul x30, x8, x29
    shli x30, x30, 1
    add x30, x30, x2            # &WT[n0][0][0][0]
    li x31, WBASE
    ld x23, [x0 + S_C1]
    mul x23, x23, x10
    shli x23, x23, 5            # L1 bytes per window position: C1 blocks of RpN x 16 FP16
    shli x24, x25, 1            # C * 2: next (r, s) in a WT row
    li x26, 0
weights:
    bgeu x26, x27, weights_done
    nd2nz.f16 x31, x30, x9, x25, x29
    add x31, x31, x23
    add x30, x30, x24
    addi x26, x26, 1
    jmp weights
weights_done:
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
tile_loop:
    bgeu x11, x18, unit_done
    ld x12, [x0 + S_TM]
    sub x23, x18, x11
    minu x12, x12, x23          # mt
    li x13, 0                   # k0
    li x20, 1                   # first step of the tile -> mmad.init
step_loop:
    bgeu x13, x17, tile_done
    sub x14, x17, x13
    li x23, KS
    minu x14, x14, x23          # kstep
    andi x31, x19, 1
    muli x31, x31, L0_SLOT      # L0A / L0B half
    andi x25, x19, 1
    bne x25, x0, l0_wait1
    wait_flag M, MTE1, 0
    jmp l0_load
l0_wait1:
    wait_flag M, MTE1, 1
l0_load:
    shli x23, x13, 32
    or x23, x23, x11            # origin = p0 | k0 << 32
    shli x24, x14, 32
    or x24, x24, x12            # extent = mt | kstep << 32
    load3d.f16 x31, x0, x15, x16, x23, x24
    mul x26, x13, x10
    shli x26, x26, 1
    addi x26, x26, WBASE        # weights from column k0: k0/16 blocks of RpN rows
    load_l0b.t.f16 x31, x26, x14, x9, x10
    bne x25, x0, l0_set1
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    jmp do_mmad
l0_set1:
    set_flag MTE1, M, 1
    wait_flag MTE1, M, 1
do_mmad:
    beq x20, x0, accumulate
    wait_flag FIX, M, 0         # L0C free
    mmad.init.f16 x0, x31, x31, x12, x14, x9
    li x20, 0
    jmp mmad_done
accumulate:
    mmad.f16 x0, x31, x31, x12, x14, x9
mmad_done:
    bne x25, x0, free_l0_1
    set_flag M, MTE1, 0
    jmp step_next
free_l0_1:
    set_flag M, MTE1, 1
step_next:
    addi x19, x19, 1
    addi x13, x13, KS
    jmp step_loop
tile_done:
    ld x23, [x0 + S_P]
    mul x23, x7, x23
    add x23, x23, x11
    mul x23, x23, x21
    add x23, x23, x8
    mul x23, x23, x22
    add x23, x23, x3            # &Y[image][p0][n0]
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    li x24, 2
    bne x22, x24, fix32
    fix.f16 x23, x0, x12, x9, x21
    jmp fixed
fix32:
    fix.f32 x23, x0, x12, x9, x21
fixed:
    set_flag FIX, M, 0
    ld x23, [x0 + S_TM]
    add x11, x11, x23
    jmp tile_loop
unit_done:
    set_flag MTE1, MTE2, 0      # after this unit's MTE1 loads: L1 may be refilled
    add x5, x5, x6
    jmp unit_loop
done:
    wait_flag MTE1, MTE2, 0
    wait_flag M, MTE1, 0
    wait_flag M, MTE1, 1
    wait_flag FIX, M, 0
    halt
