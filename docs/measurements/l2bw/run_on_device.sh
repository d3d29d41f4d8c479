#!/bin/bash
# Run on the device machine from the repository root: docs/measurements/l2bw/run_on_device.sh
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/l2bw_out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,power.limit --format=csv | tee "$OUT/smi_before.txt"
nvcc -O3 -std=c++17 -arch=sm_90 -o /tmp/l2bw l2_bandwidth.cu > "$OUT/build.log" 2>&1 || { echo BUILD FAILED; cat "$OUT/build.log"; exit 1; }
/tmp/l2bw 2>&1 | tee "$OUT/l2_bandwidth.out"
nvidia-smi --query-gpu=clocks.sm,power.draw --format=csv | tee "$OUT/smi_after.txt"
