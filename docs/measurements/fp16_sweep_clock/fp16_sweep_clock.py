# cuBLAS FP16 square GEMMs (the calibration file's sweep sizes) in short bursts of ~0.15 s after a
# 1 s rest, with the SM clock and board power sampled by NVML every ~5 ms during each burst, so
# each size's rate comes with the clock it ran at (the calibration sweep's ~1 s runs don't say).
import threading
import time
import pynvml
import torch

pynvml.nvmlInit()
handle = pynvml.nvmlDeviceGetHandleByIndex(0)


def sampler(stop, out):
    while not stop.is_set():
        out.append((pynvml.nvmlDeviceGetClockInfo(handle, pynvml.NVML_CLOCK_SM),
                    pynvml.nvmlDeviceGetPowerUsage(handle) / 1e3))
        time.sleep(0.005)


torch.manual_seed(0)
print("size  TFLOPS  launches  SM MHz mean (min-max)  W mean  MAC/clk/SM at the mean clock")
for n in (2048, 3072, 4096, 6144, 8192, 12288, 16384):
    a = torch.randn(n, n, device="cuda", dtype=torch.half)
    b = torch.randn(n, n, device="cuda", dtype=torch.half)
    for _ in range(3):
        c = a @ b
    torch.cuda.synchronize()
    e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    e0.record()
    c = a @ b
    e1.record()
    torch.cuda.synchronize()
    launches = max(3, int(150.0 / e0.elapsed_time(e1)))
    time.sleep(1.0)
    samples, stop = [], threading.Event()
    t = threading.Thread(target=sampler, args=(stop, samples))
    t.start()
    e0.record()
    for _ in range(launches):
        c = a @ b
    e1.record()
    torch.cuda.synchronize()
    stop.set()
    t.join()
    ms = e0.elapsed_time(e1)
    tflops = 2.0 * n ** 3 * launches / (ms * 1e-3) / 1e12
    mhz = [s[0] for s in samples]
    watts = [s[1] for s in samples]
    mean_mhz = sum(mhz) / len(mhz)
    print(f"{n:5d} {tflops:7.1f} {launches:8d}  {mean_mhz:7.0f} ({min(mhz)}-{max(mhz)})  "
          f"{sum(watts) / len(watts):6.0f}  {tflops * 1e12 / (2 * 132 * mean_mhz * 1e6):6.0f}",
          flush=True)
    del a, b, c
    torch.cuda.empty_cache()
