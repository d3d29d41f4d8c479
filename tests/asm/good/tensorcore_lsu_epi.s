# The scaled epilogue and the LSU once each: epi.scale sets alpha / beta (FP32 bits 31:0 / 63:32), epi.ab.*
# store with them; per-lane loads / stores between the register file and GM or SMEM.
.target tensorcore
.kernel tc_lsu_epi
.param C ptr
.param ALPHA_BETA u64

    ldp x1, C
    ldp x2, ALPHA_BETA
    nop
    epi.scale x2
    li x4, 8
    epi.ab.f16 x1, x0, x4, x4, x4, x4
    epi.ab.f32 x1, x0, x4, x4, x4, x4
    epi.ab.s8 x1, x0, x4, x4, x4, x4
    li x5, 4                    # width
    li x6, 128                  # lane stride
    li x7, 32                   # lanes
    ld.global x0, x1, x5, x6, x7
    st.global x1, x0, x5, x6, x7
    ld.shared x0, x0, x5, x5, x7
    st.shared x0, x0, x5, x5, x7
    halt
