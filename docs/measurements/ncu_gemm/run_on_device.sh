#!/bin/bash
# Run on the device machine from the repository root: docs/measurements/ncu_gemm/run_on_device.sh
# Nsight Compute with --clock-control none: the card's clocks are left as they are.
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/ncu_out}; mkdir -p "$OUT"
python3 -c "import torch; print(torch.__version__, torch.version.cuda)"
ncu --clock-control none --nvtx \
    --section SpeedOfLight --section LaunchStats --section ComputeWorkloadAnalysis \
    --section MemoryWorkloadAnalysis \
    python3 gemms.py > "$OUT/ncu_gemm.txt" 2>&1
echo "ncu rc=$?"
grep -E "^  [a-zA-Z_0-9]+.*\(|nvtx|Duration|SM Frequency|Compute \(SM\) Throughput|Memory Throughput|L2 Cache Throughput|DRAM Throughput|Grid Size|Block Size|Cluster Size|Registers Per|Dynamic Shared|Waves Per SM|Executed Ipc Active|L2 Hit Rate|Mem Busy|Max Bandwidth" "$OUT/ncu_gemm.txt" | head -220
