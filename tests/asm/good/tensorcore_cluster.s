# The thread-block cluster instructions once each: the rank and size of the cluster, a multicast
# TMA load to every CTA of a cluster of two (bar_mask: mbarrier 0, CTA mask 0b11), a remote
# mbarrier arrive on rank 1 and the cluster barrier.
.target tensorcore
.kernel tc_cluster
.param A ptr

    rsr x1, cluster_rank
    rsr x2, cluster_dim
    li x3, 196608
    ldp x4, A
    li x5, 64
    tma.load.mc x0, x4, x5, x5, x5, x3
    li x6, 1
    mbar.arrive.cluster x0, x6
    cluster.sync
    halt
