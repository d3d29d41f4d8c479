# GEMMs profiled by run_on_device.sh under Nsight Compute: cuBLAS FP16 (row-major A, B) at the
# calibration file's sweep sizes, and INT8 through torch._int_mm with a column-major B (the
# cuBLASLt TN path that the calibration README calls the fast one).
import torch

torch.manual_seed(0)
for n in (2048, 3072, 4096, 8192):
    a = torch.randn(n, n, device="cuda", dtype=torch.half)
    b = torch.randn(n, n, device="cuda", dtype=torch.half)
    torch.cuda.nvtx.range_push(f"fp16_{n}")
    c = a @ b
    torch.cuda.nvtx.range_pop()
for n in (4096, 8192):
    a = torch.randint(-128, 127, (n, n), device="cuda", dtype=torch.int8)
    b = torch.randint(-128, 127, (n, n), device="cuda", dtype=torch.int8).t()
    torch.cuda.nvtx.range_push(f"int8_{n}")
    c = torch._int_mm(a, b)
    torch.cuda.nvtx.range_pop()
torch.cuda.synchronize()
print("done")
