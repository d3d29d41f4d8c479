#!/bin/bash
# Run on the device machine from the repository root: docs/measurements/fp16_sweep_clock/run_on_device.sh
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/sweep_out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,power.limit --format=csv | tee "$OUT/smi_before.txt"
PYTHONUNBUFFERED=1 python3 fp16_sweep_clock.py 2>&1 | tee "$OUT/fp16_sweep_clock.out"
