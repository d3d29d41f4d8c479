# Every DaVinci vector instruction once: repeat count, packed strides (cfg), lane mask.
# cfg bytes: 0 dst block stride, 1 a block stride, 2 b block stride, 3 dst repeat stride,
# 4 a repeat stride, 5 b repeat stride (32 B units).
.target davinci
.kernel davinci_vector
.param X ptr
.equ CONTIG, 0x080808010101
.equ CONV_F16_F32, 0x040808010101   # FP16 source: 4 blocks (128 B) per repeat

aiv_main:
    li x1, 0                    # UB addresses
    li x2, 0x1000
    li x3, 0x2100
    li x4, 2                    # repeats
    li x5, CONTIG
    li x6, 0x3c00               # scalar 1.0 (FP16 bits)
    li x7, 0x3f800000           # scalar 1.0 (FP32 bits)
    li x8, -1
    li x9, 0xffff
    set_vmask x8, x9            # lanes 0..79
    vadd.f16 x1, x2, x3, x4, x5
    vsub.f16 x1, x2, x3, x4, x5
    vmul.f16 x1, x2, x3, x4, x5
    vdiv.f16 x1, x2, x3, x4, x5
    vmax.f16 x1, x2, x3, x4, x5
    vmin.f16 x1, x2, x3, x4, x5
    vadd.f32 x1, x2, x3, x4, x5
    vsub.f32 x1, x2, x3, x4, x5
    vmul.f32 x1, x2, x3, x4, x5
    vdiv.f32 x1, x2, x3, x4, x5
    vmax.f32 x1, x2, x3, x4, x5
    vmin.f32 x1, x2, x3, x4, x5
    vrelu.f16 x1, x2, x4, x5
    vexp.f16 x1, x2, x4, x5
    vln.f16 x1, x2, x4, x5
    vsqrt.f16 x1, x2, x4, x5
    vrec.f16 x1, x2, x4, x5
    vrelu.f32 x1, x2, x4, x5
    vexp.f32 x1, x2, x4, x5
    vln.f32 x1, x2, x4, x5
    vsqrt.f32 x1, x2, x4, x5
    vrec.f32 x1, x2, x4, x5
    vadds.f16 x1, x2, x6, x4, x5
    vmuls.f16 x1, x2, x6, x4, x5
    vmaxs.f16 x1, x2, x6, x4, x5
    vmins.f16 x1, x2, x6, x4, x5
    vadds.f32 x1, x2, x7, x4, x5
    vmuls.f32 x1, x2, x7, x4, x5
    vmaxs.f32 x1, x2, x7, x4, x5
    vmins.f32 x1, x2, x7, x4, x5
    li x10, CONV_F16_F32
    vconv.f162f32 x1, x2, x4, x10
    li x10, 0x080408010101      # FP16 destination: 4 blocks per repeat
    vconv.f322f16 x1, x2, x4, x10
    vcadd.f16 x1, x2, x4, x5
    vcadd.f32 x1, x2, x4, x5
    vcmax.f16 x1, x2, x4, x5
    vcmax.f32 x1, x2, x4, x5
    vbrcb.f16 x1, x2, x4, x5
    vbrcb.f32 x1, x2, x4, x5
    vdup.f16 x1, x6, x4, x5
    vdup.f32 x1, x7, x4, x5
    halt
