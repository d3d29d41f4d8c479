# copy.s — device-to-device copy through SMEM (the HBM bandwidth kernel of the tensor-core SM).
#
# DST[0, BYTES) = SRC[0, BYTES). Chunks of 32 KiB go round-robin to the blocks (chunk c to block
# c mod block_dim); each CTA streams its chunks through a 4-stage SMEM ring:
#   loader  waits for a free stage, expects 32 KiB on FULL+s, TMA-loads the chunk (a last partial
#           chunk is a smaller valid extent of the same box)
#   storer  waits for FULL+s, expects the chunk's bytes on EMPTY+s and TMA-stores the stage; the
#           store's completion frees the stage.
.target tensorcore
.kernel copy
.param SRC ptr
.param DST ptr
.param BYTES u64

.equ CHUNK, 32768
.equ STAGE_SHIFT, 2
.equ STAGES, 1 << STAGE_SHIFT
.equ FULL, 0
.equ EMPTY, 4
# A CTA claims its SMEM ring, a warpgroup per role, and 40 registers per thread: addresses and
# loop state, no accumulators (G, as the GEMM plan: host_tiling.h).
.smem STAGES * CHUNK
.threads 2 * 128
.regs 40

setup:
    ldp x1, SRC
    ldp x2, DST
    ldp x3, BYTES
    rsr x11, block_idx
    rsr x12, block_dim
    addi x9, x3, CHUNK - 1
    shri x9, x9, 15             # chunks
    li x13, 0                   # stage counter
    li x10, 1                   # box rows: one row of bytes
    li x24, 1
    beq x31, x24, loader
    jmp storer

role_loader:
    li x31, 1
    li x20, 0
    li x21, 1
init_bars:
    li x23, STAGES
    bgeu x20, x23, setup
    addi x24, x20, FULL
    mbar.init x24, x21
    addi x24, x20, EMPTY
    mbar.init x24, x21
    addi x20, x20, 1
    jmp init_bars

loader:
    bgeu x11, x9, l_done
    andi x19, x13, STAGES - 1
    shri x20, x13, STAGE_SHIFT
    andi x20, x20, 1
    li x24, 1
    xor x20, x20, x24           # wait for the stage's previous store
    addi x21, x19, EMPTY
    mbar.wait x21, x20
    addi x21, x19, FULL
    li x24, CHUNK
    mbar.arrive_tx x21, x24
    shli x25, x11, 15           # offset
    sub x26, x3, x25
    li x24, CHUNK
    minu x26, x26, x24          # valid bytes
    li x24, CHUNK
    shli x24, x24, 32
    or x26, x26, x24            # | box of CHUNK bytes << 32
    add x25, x25, x1
    shli x28, x19, 15           # SMEM stage
    tma.load x28, x25, x10, x26, x24, x21
    addi x13, x13, 1
    add x11, x11, x12
    jmp loader
l_done:
    halt

role_storer:
    li x31, 0
    jmp setup

storer:
    bgeu x11, x9, s_done
    andi x19, x13, STAGES - 1
    shri x20, x13, STAGE_SHIFT
    andi x20, x20, 1
    addi x21, x19, FULL
    mbar.wait x21, x20
    shli x25, x11, 15
    sub x26, x3, x25
    li x24, CHUNK
    minu x26, x26, x24          # valid bytes
    addi x21, x19, EMPTY
    mbar.arrive_tx x21, x26
    add x25, x25, x2
    shli x28, x19, 15
    tma.store x25, x28, x10, x26, x26, x21
    addi x13, x13, 1
    add x11, x11, x12
    jmp storer
s_done:
    halt
