# Every instruction of the shared scalar subset, in a loop that sums a table in scalar memory.
# Assembler round-trip and listing golden; not meant to compute anything useful.
.target davinci
.kernel scalar_ops
.param OUT ptr
.param N u32
.param SCALE i64
.equ WORD, 8
.equ LIMIT, 1 << 20
.equ MASK, (LIMIT - 1) & ~0xF

start:
    nop
    li x1, 0                        # running sum
    li x2, -0x7FFF_FFFF_FFFF        // most negative-but-one 48-bit value
    ldp x3, N
    ldp x4, SCALE
    rsr x5, block_idx
    rsr x6, BLOCK_DIM               # special registers are case-insensitive
    rsr x7, core_id
    rsr x8, cycles
    mov x9, x0
loop: ld x10, [x9 + WORD]
    add x1, x1, x10
    sub x11, x1, x10
    mul x12, x11, x4
    divu x13, x12, x3
    remu x14, x12, x3
    and x15, x13, x14
    or x16, x15, x13
    xor x17, x16, x14
    shl x18, x17, x5
    shr x19, x18, x5
    sra x20, x19, x5
    min x21, x20, x19
    max x22, x21, x20
    minu x23, x22, x21
    maxu x24, x23, x22
    slt x25, x24, x23
    sltu x26, x25, x24
    addi x9, x9, WORD
    muli x27, x26, -3
    andi x28, x27, MASK
    shli x29, x28, 3
    shri x30, x29, 2
    srai x31, x30, 1
    st x1, [x9 - WORD]
    st x31, [x9]
    beq x9, x3, done
    bne x9, x3, loop
    blt x1, x2, skip
    bge x1, x2, skip
skip:
    bltu x1, x2, done
    bgeu x1, x2, done
done:
    set_flag S, MTE3, 0
    wait_flag S, MTE3, 0
    barrier ALL
    ldp x1, OUT
    st x1, [x1 + 0]
    jmp exit
exit: halt
