# gemm_fp16_trans.s — FP16 GEMM with optionally transposed operands (training's backward pass).
#
# Computes C[M,N] = op(A) x op(B), FP16 in, FP32 accumulate in L0C (ascending k), C FP16 (or FP32
# when OUT_F32 != 0) row-major. TA = 0: A is stored [M,K] row-major; TA = 1: A is stored [K,M]
# (so C = A^T x B, e.g. dW = X^T x dY). TB = 0: B is stored [K,N]; TB = 1: B is stored [N,K]
# (C = A x B^T, e.g. dX = dY x W^T). The result is bit-identical to the golden for every tiling
# and either layout, because every output still adds its products in ascending k.
#
# How the layouts are handled: MTE2's nd2nz copies each operand chunk as it is stored (A as
# [mt x kc] or [kc x mt], B as [kc x nt] or [nt x kc]); MTE1 then uses the transposing loads
# (load_l0a.t.f16 / load_l0b.t.f16) for the transposed case, so the cube always sees A[m][k] in
# L0A and B[k][n] in L0B. Sub-block offsets inside an NZ chunk: a K step of ks starts ks rows
# down (ks * 32 bytes) when K runs along the NZ rows, and ks/16 column blocks across
# (ks * rows_padded * 2 bytes) when K runs along the columns.
#
# Tiling: output tiles of TILE_M x 256, tile t on block t mod block_dim; K through L1 in chunks
# of 256 and through L0 in steps of 64. TILE_M is host tiling data (tb/npuemu/host_tiling.cpp):
# the largest multiple of 16 up to 256 whose FP32 accumulator fits L0C (256 on ascend910b-seed,
# 128 on ascend910b2). Buffers: L1 ping-pong slots of 256 KiB (A chunk <= 128 KiB at offset 0, B
# chunk 128 KiB at 128 KiB; 512 KiB in all, fits both configs), L0A/L0B ping-pong 32 KiB halves,
# L0C one TILE_M x 256 FP32 accumulator. Flags as gemm_fp16.s (ids = slot numbers):
#   MTE2->MTE1 p  L1 slot p loaded        MTE1->MTE2 p  L1 slot p free (2 credits at start)
#   MTE1->M    q  L0 slot q loaded        M->MTE1    q  L0 slot q free (2 credits at start)
#   M->FIX     0  tile accumulated        FIX->M     0  L0C free       (1 credit at start)
# Expected efficiency: as gemm_fp16.s for TA = TB = 0 (> 80% of peak at 4096^3 on the seed); the
# transposed loads cost MTE1 the same bytes, and MTE2 reads rows of kc or mt/nt elements instead
# of the other way round, so large transposed GEMMs stay close to that.
.target davinci
.include "cube_pipeline.inc"     # by_slot, l1_load, l0_load, fix_c, ...
.kernel gemm_fp16_trans
.param A ptr
.param B ptr
.param C ptr
.param M u32
.param N u32
.param K u32
.param OUT_F32 u32
.param TA u32
.param TB u32
.param TILE_M u32

.equ TN, 256            # tile cols
.equ KC, 256            # K chunk in L1
.equ KS, 64             # K step in L0
.equ L1_SLOT, 262144    # bytes per L1 slot (A chunk + B chunk)
.equ L1_B, 131072       # offset of the B chunk inside a slot
.equ L0_SLOT, 32768     # bytes per L0A / L0B half
# scalar data memory (every register is in use inside the loops)
.equ S_TM, 0
.equ S_TA, 8
.equ S_TB, 16

    ldp x1, A
    ldp x2, B
    ldp x3, C
    ldp x4, M
    ldp x5, N
    ldp x6, K
    ldp x25, OUT_F32
    ldp x24, TA
    st x24, [x0 + S_TA]
    ldp x24, TB
    st x24, [x0 + S_TB]
    ldp x24, TILE_M
    st x24, [x0 + S_TM]
    rsr x9, block_idx
    rsr x10, block_dim
    tile_grid_256 x24
    c_elem_size 2, 4
credits:
    cube_credits
    li x18, 0                   # chunk counter (L1 slot = x18 & 1)
    li x19, 0                   # step counter (L0 slot = x19 & 1)
tile_loop:
    bgeu x9, x8, done
    divu x24, x9, x7            # tm
    remu x12, x9, x7            # tn
    ld x13, [x0 + S_TM]
    mul x11, x24, x13           # m0
    shli x12, x12, 8            # n0
    sub x24, x4, x11
    minu x13, x13, x24          # mt
    sub x14, x5, x12
    li x24, TN
    minu x14, x14, x24          # nt
    li x15, 0                   # k0
    li x27, 1                   # first step of this tile -> mmad.init
chunk_loop:
    bgeu x15, x6, tile_done
    sub x16, x6, x15
    li x24, KC
    minu x16, x16, x24          # kc
    addi x23, x16, 15
    andi x23, x23, -16          # RpK = ceil16(kc)
    andi x17, x18, 1
    muli x28, x17, L1_SLOT      # L1 A chunk of this slot
    addi x29, x28, L1_B         # L1 B chunk
    by_slot x17, l1_wait
    ld x25, [x0 + S_TA]
    bne x25, x0, load_a_t
    a_src_f16
    nd2nz.f16 x28, x24, x13, x16, x6
    addi x22, x13, 15
    andi x22, x22, -16          # A rows in L1: RpA = ceil16(mt)
    jmp load_b
load_a_t:
    mul x24, x15, x4
    add x24, x24, x11
    shli x24, x24, 1
    add x24, x24, x1            # &A[k0][m0] (A stored [K,M])
    nd2nz.f16 x28, x24, x16, x13, x4
    mov x22, x23                # A rows in L1: RpK
load_b:
    ld x25, [x0 + S_TB]
    bne x25, x0, load_b_t
    b_src_f16
    nd2nz.f16 x29, x30, x16, x14, x5
    jmp loaded                  # B rows in L1: RpK (x23)
load_b_t:
    mul x30, x12, x6
    add x30, x30, x15
    shli x30, x30, 1
    add x30, x30, x2            # &B[n0][k0] (B stored [N,K])
    nd2nz.f16 x29, x30, x14, x16, x6
    addi x23, x14, 15
    andi x23, x23, -16          # B rows in L1: RpN = ceil16(nt)
loaded:
    by_slot x17, l1_to_mte1
    li x20, 0                   # ks
step_loop:
    bgeu x20, x16, chunk_done
    sub x21, x16, x20
    li x24, KS
    minu x21, x21, x24          # kstep
    andi x31, x19, 1
    muli x31, x31, L0_SLOT      # L0A / L0B half
    andi x25, x19, 1
    by_slot x25, l0_wait
    ld x30, [x0 + S_TA]
    bne x30, x0, l0_a_t
    mul x24, x20, x22
    shli x24, x24, 1
    add x24, x24, x28           # K across the columns: ks/16 blocks of RpA rows
    load_l0a.f16 x31, x24, x13, x21, x22
    jmp l0_b
l0_a_t:
    shli x24, x20, 5
    add x24, x24, x28           # K down the rows: ks rows of 32 bytes
    load_l0a.t.f16 x31, x24, x13, x21, x22
l0_b:
    ld x30, [x0 + S_TB]
    bne x30, x0, l0_b_t
    shli x30, x20, 5
    add x30, x30, x29           # K down the rows
    load_l0b.f16 x31, x30, x21, x14, x23
    jmp l0_loaded
l0_b_t:
    mul x30, x20, x23
    shli x30, x30, 1
    add x30, x30, x29           # K across the columns: ks/16 blocks of RpN rows
    load_l0b.t.f16 x31, x30, x21, x14, x23
l0_loaded:
    by_slot x25, l0_to_cube
    beq x27, x0, accumulate
    wait_flag FIX, M, 0         # L0C free
    mmad.init.f16 x0, x31, x31, x13, x21, x14
    li x27, 0
    jmp mmad_done
accumulate:
    mmad.f16 x0, x31, x31, x13, x21, x14
mmad_done:
    by_slot x25, l0_free
    addi x19, x19, 1
    addi x20, x20, KS
    jmp step_loop
chunk_done:
    by_slot x17, l1_free
    addi x18, x18, 1
    addi x15, x15, KC
    jmp chunk_loop
tile_done:
    c_tile_addr
    set_flag M, FIX, 0
    wait_flag M, FIX, 0
    fix_c
    set_flag FIX, M, 0
    add x9, x9, x10
    jmp tile_loop
done:
    cube_end_waits
    halt
