#!/bin/bash
# Run on the device machine from the repository root: docs/measurements/triton_int8/run_on_device.sh
# Nsight Compute with --clock-control none: the card's clocks are left as they are.
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/tri_out}; mkdir -p "$OUT"
python3 triton_int8.py time 2>&1 | tee "$OUT/time.out"
ncu --clock-control none -k regex:'^mm$' --launch-skip 3 --launch-count 1 \
    --section SpeedOfLight --section MemoryWorkloadAnalysis --section LaunchStats \
    --section ComputeWorkloadAnalysis --section WarpStateStats \
    python3 triton_int8.py profile > "$OUT/ncu_triton_int8.txt" 2>&1
echo "ncu rc=$?"
grep -v "^          \|^ *$" "$OUT/ncu_triton_int8.txt" | grep -E "Frequency|Throughput|Duration|Busy|Hit Rate|Grid|Block Size|Cluster Size|Shared Memory|Registers|Stall|Warp Cycles|mm|Waves|PROF|ERR" | head -60
