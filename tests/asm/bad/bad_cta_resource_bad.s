.target tensorcore
.kernel k
.equ KIB, 1024
.smem 1 << 33
.rf -4 * KIB
.threads 0
    halt
