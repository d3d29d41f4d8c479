#!/bin/bash
# Run on the device machine from the repository root: docs/measurements/sm_l2_port/run_on_device.sh
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/port_out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,power.limit --format=csv | tee "$OUT/smi_before.txt"
nvcc -O3 -std=c++17 -arch=sm_90 -o /tmp/port sm_read_port.cu > "$OUT/build.log" 2>&1 || { echo BUILD FAILED; cat "$OUT/build.log"; exit 1; }
timeout 120 /tmp/port 2>&1 | tee "$OUT/sm_read_port.out"
nvidia-smi --query-gpu=clocks.sm,power.draw --format=csv | tee "$OUT/smi_after.txt"
