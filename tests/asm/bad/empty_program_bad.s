.target davinci
.kernel k
.param A ptr
only_a_label:
