#!/bin/bash
# Run on the device machine (npuemu's `device` tool) from the repository root:
#   docs/measurements/wgmma/run_on_device.sh   ($OUT receives the raw logs)
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/wgmma_out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.limit,temperature.gpu --format=csv | tee "$OUT/smi_before.txt"
nvcc --version | tail -2
python3 gen_wgmma_bench.py > /tmp/wgmma_bench.cu && cmp /tmp/wgmma_bench.cu wgmma_bench.cu && echo "generated file matches"
if ! nvcc -O3 -std=c++17 -gencode=arch=compute_90a,code=sm_90a -Xptxas -v -o /tmp/wb wgmma_bench.cu > "$OUT/build.log" 2>&1; then
  echo BUILD FAILED; tail -40 "$OUT/build.log"; exit 1
fi
grep -i -E "warn|serializ" "$OUT/build.log" | sort | uniq -c | head -20
cuobjdump --dump-sass /tmp/wb | grep -o -E "[HIQ]GMMA\.[0-9A-Za-z.]*" | sort | uniq -c | tee "$OUT/sass_gmma.txt"
/tmp/wb 2>&1 | tee "$OUT/wgmma_bench.out"
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu --format=csv | tee "$OUT/smi_after.txt"
