.target tpu
.kernel k
    halt
