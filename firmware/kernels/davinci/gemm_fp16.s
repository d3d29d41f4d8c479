# gemm_fp16.s — optimised FP16 GEMM for the coupled DaVinci core.
#
# Computes C[M,N] = A[M,K] x B[K,N]; A, B FP16 row-major (ND) in GM; C FP16 (or FP32 when
# OUT_F32 != 0) row-major. Accumulation in FP32 in L0C, ascending k (the numerics contract), so
# the result is bit-identical to the golden for every tiling.
#
# Tiling: output tiles of TILE_M x 256 (edge tiles smaller), handed out round-robin over the
# blocks (tile t goes to block t mod block_dim). TILE_M (16..256, a multiple of 16) is host
# tiling data: the workload binds what one L0C accumulator holds, 256 on the seed chip (256 KiB
# L0C) and 128 on ascend910b2 (128 KiB). K is streamed through L1 in chunks of 256 and through
# L0 in steps of 64. Buffers: L1 ping-pong (A chunk up to 128 KiB + B chunk 128 KiB per slot,
# 512 KiB in all), L0A/L0B ping-pong (32 KiB halves), L0C one TILE_M x 256 FP32 accumulator.
# With TILE_M = 128 this is the tiling of pto-isa's a2a3 high-performance GEMM (davinci.md
# section 3): base tile [128, 256, 64], stepKa = stepKb = 4, double buffering in L1, L0A, L0B,
# L0C not double-buffered (FIX drains a tile before the next one accumulates). pto-isa lays 24
# cores out 4 x 6 instead of round-robin, which changes only which tiles share L2 lines.
# On a split core the kernel runs on the AIC (no aic_main label: pc 0) and the AIVs idle.
# Pipes overlap: MTE2 loads chunk c+1 while MTE1 feeds chunk c to the cube; FIX drains a finished
# tile while MTE2/MTE1 already fetch the next one. Flags (ids = slot numbers):
#   MTE2->MTE1 p  L1 slot p loaded        MTE1->MTE2 p  L1 slot p free (2 credits at start)
#   MTE1->M    q  L0 slot q loaded        M->MTE1    q  L0 slot q free (2 credits at start)
#   M->FIX     0  tile accumulated        FIX->M     0  L0C free       (1 credit at start)
# Expected efficiency on ascend910b-seed: > 80% of peak for large squares (MTE2 busy ~60%). On
# ascend910b2 MTE2 decides the rate: per 256-deep K chunk the cube needs 4 x 512 cycles while
# MTE2 moves 192 KiB at core.mte2.port plus two core.mte2.head.
.target davinci
.kernel gemm_fp16
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32
.param TILE_M u32

.equ TN, 256            # tile cols
.equ KC, 256            # K chunk in L1
.equ KS, 64             # K step in L0
.equ L1_SLOT, 262144    # bytes per L1 slot (A chunk + B chunk)
.equ L1_B, 131072       # offset of the B chunk inside a slot
.equ L0_SLOT, 32768     # bytes per L0A / L0B half

    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x25, OUT_F32
    ldp x24, TILE_M
    st x24, [x0 + 0]            # TILE_M lives in scalar data memory (every register is taken)
    rsr x9, block_idx
    rsr x10, block_dim
    addi x7, x5, TN - 1
    shri x7, x7, 8              # tiles_n = ceil(N / 256)
    add x8, x4, x24
    addi x8, x8, -1
    divu x8, x8, x24            # tiles_m = ceil(M / TILE_M)
    mul x8, x8, x7              # tiles = tiles_m * tiles_n
    li x26, 2                   # C element size
    beq x25, x0, credits
    li x26, 4
credits:
    set_flag MTE1, MTE2, 0
    set_flag MTE1, MTE2, 1
    set_flag M, MTE1, 0
    set_flag M, MTE1, 1
    set_flag FIX, M, 0
    li x18, 0                   # chunk counter (L1 slot = x18 & 1)
    li x19, 0                   # step counter (L0 slot = x19 & 1)
tile_loop:
    bgeu x9, x8, done
    divu x24, x9, x7            # tm
    remu x12, x9, x7            # tn
    ld x11, [x0 + 0]
    mul x11, x24, x11           # m0 = tm * TILE_M
    shli x12, x12, 8            # n0
    sub x13, x4, x11
    ld x24, [x0 + 0]
    minu x13, x13, x24          # mt
    sub x14, x5, x12
    li x24, TN
    minu x14, x14, x24          # nt
    addi x22, x13, 15
    andi x22, x22, -16          # RpA = ceil16(mt)
    li x15, 0                   # k0
    li x27, 1                   # first step of this tile -> mmad.init
chunk_loop:
    bgeu x15, x6, tile_done
    sub x16, x6, x15
    li x24, KC
    minu x16, x16, x24          # kc
    addi x23, x16, 15
    andi x23, x23, -16          # RpB = ceil16(kc)
    andi x17, x18, 1
    muli x28, x17, L1_SLOT      # L1 A chunk of this slot
    addi x29, x28, L1_B         # L1 B chunk
    mul x24, x11, x6
    add x24, x24, x15
    shli x24, x24, 1
    add x24, x24, x1            # &A[m0][k0]
    mul x30, x15, x5
    add x30, x30, x12
    shli x30, x30, 1
    add x30, x30, x2            # &B[k0][n0]
    bne x17, x0, load_slot1
    wait_flag MTE1, MTE2, 0
    nd2nz.f16 x28, x24, x13, x16, x6
    nd2nz.f16 x29, x30, x16, x14, x5
    set_flag MTE2, MTE1, 0
    wait_flag MTE2, MTE1, 0
    jmp steps
load_slot1:
    wait_flag MTE1, MTE2, 1
    nd2nz.f16 x28, x24, x13, x16, x6
    nd2nz.f16 x29, x30, x16, x14, x5
    set_flag MTE2, MTE1, 1
    wait_flag MTE2, MTE1, 1
steps:
    li x20, 0                   # ks
step_loop:
    bgeu x20, x16, chunk_done
    sub x21, x16, x20
    li x24, KS
    minu x21, x21, x24          # kstep
    mul x24, x20, x22
    shli x24, x24, 1
    add x24, x24, x28           # L1 A sub-block: A chunk + ks * RpA * 2
    shli x30, x20, 5
    add x30, x30, x29           # L1 B sub-block: B chunk + ks * 16 * 2
    andi x31, x19, 1
    muli x31, x31, L0_SLOT      # L0A / L0B half
    andi x25, x19, 1
    bne x25, x0, l0_slot1
    wait_flag M, MTE1, 0
    load_l0a.f16 x31, x24, x13, x21, x22
    load_l0b.f16 x31, x30, x21, x14, x23
    set_flag MTE1, M, 0
    wait_flag MTE1, M, 0
    jmp do_mmad0
l0_slot1:
    wait_flag M, MTE1, 1
    load_l0a.f16 x31, x24, x13, x21, x22
    load_l0b.f16 x31, x30, x21, x14, x23
    set_flag MTE1, M, 1
    wait_flag MTE1, M, 1
do_mmad0:
    beq x27, x0, accumulate
    wait_flag FIX, M, 0         # L0C free
    mmad.init.f16 x0, x31, x31, x13, x21, x14
    li x27, 0
    jmp mmad_done
accumulate:
    mmad.f16 x0, x31, x31, x13, x21, x14
mmad_done:
    bne x25, x0, free_l0_1
    set_flag M, MTE1, 0
    jmp step_next
free_l0_1:
    set_flag M, MTE1, 1
step_next:
    addi x19, x19, 1
    addi x20, x20, KS
    jmp step_loop
chunk_done:
    bne x17, x0, free_l1_1
    set_flag MTE1, MTE2, 0
    jmp chunk_next
free_l1_1:
    set_flag MTE1, MTE2, 1
chunk_next:
    addi x18, x18, 1
    addi x15, x15, KC
    jmp chunk_loop
tile_done:
    mul x24, x11, x5
    add x24, x24, x12
    mul x24, x24, x26
    add x24, x24, x3            # &C[m0][n0]
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    li x30, 2
    bne x26, x30, fix32
    fix.f16 x24, x0, x13, x14, x5
    jmp fixed
fix32:
    fix.f32 x24, x0, x13, x14, x5
fixed:
    set_flag FIX, M, 0
    add x9, x9, x10
    jmp tile_loop
done:
    wait_flag MTE1, MTE2, 0
    wait_flag MTE1, MTE2, 1
    wait_flag M, MTE1, 0
    wait_flag M, MTE1, 1
    wait_flag FIX, M, 0
    halt
