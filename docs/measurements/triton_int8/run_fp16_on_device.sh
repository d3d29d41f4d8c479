#!/bin/bash
# Second run (timing only, no profiler): the INT8 size sweep and the same kernel in FP16.
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/tri_out}; mkdir -p "$OUT"
python3 triton_int8.py time 2>&1 | tee "$OUT/time_sweep.out"
