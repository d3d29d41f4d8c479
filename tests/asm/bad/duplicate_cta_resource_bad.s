.target tensorcore
.kernel k
.equ STAGES, 2
.smem STAGES * 32768
.rf 65536
.smem 65536
.threads 256
.threads 384
    halt
