.target tensorcore
.kernel k
.regs 168
.threads 384
.rf 64 * 1024
    halt
