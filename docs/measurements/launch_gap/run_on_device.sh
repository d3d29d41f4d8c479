#!/bin/bash
# Run on the device machine from the repository root: docs/measurements/launch_gap/run_on_device.sh
# (what ran was this script's body with launch_gap.cu passed inline, as the device call sends
# only the coordinator's checkout).
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/gap_out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,power.limit --format=csv | tee "$OUT/smi_before.txt"
nvcc -O3 -std=c++17 -arch=sm_90 -o /tmp/gap launch_gap.cu > "$OUT/build.log" 2>&1 || { echo BUILD FAILED; cat "$OUT/build.log"; exit 1; }
timeout 120 /tmp/gap 2>&1 | tee "$OUT/launch_gap.out"
nvidia-smi --query-gpu=clocks.sm,power.draw --format=csv | tee "$OUT/smi_after.txt"
