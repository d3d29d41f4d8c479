# The INT8 GEMM of the calibration file's sustained INT8 point: a Triton wgmma kernel, tile
# 128x256x128, 8 warps, 3 stages, INT32 out; B column-major (K-major, as INT8 wgmma needs).
# The same kernel in FP16 (k-block 64, FP32 out) is timed beside it.
# `python3 triton_int8.py time` prints TOPS and the SM clock read by NVML right after the timed
# launches; `python3 triton_int8.py profile` runs a few launches for Nsight Compute.
import sys
import torch
import triton
import triton.language as tl


@triton.jit
def mm(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
       BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, GM: tl.constexpr,
       ACC_INT: tl.constexpr):
    pid = tl.program_id(0)
    npm = tl.cdiv(M, BM)
    npn = tl.cdiv(N, BN)
    npig = GM * npn
    gid = pid // npig
    fm = gid * GM
    gsm = min(npm - fm, GM)
    pm = fm + ((pid % npig) % gsm)
    pn = (pid % npig) // gsm
    rm = pm * BM + tl.arange(0, BM)
    rn = pn * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    a = a_ptr + rm[:, None] * sam + rk[None, :] * sak
    b = b_ptr + rk[:, None] * sbk + rn[None, :] * sbn
    if ACC_INT:
        acc = tl.zeros((BM, BN), dtype=tl.int32)
    else:
        acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
        acc += tl.dot(tl.load(a), tl.load(b))
        a += BK * sak
        b += BK * sbk
    tl.store(c_ptr + rm[:, None] * scm + rn[None, :] * scn, acc)


def run(n, launches, dtype=torch.int8):
    if dtype == torch.int8:
        a = torch.randint(-128, 127, (n, n), device="cuda", dtype=torch.int8)
        b = torch.randint(-128, 127, (n, n), device="cuda", dtype=torch.int8).t()
        c = torch.empty(n, n, device="cuda", dtype=torch.int32)
        bk = 128
    else:  # the same kernel in FP16 (FP32 accumulate, FP32 out), B row-major, k-block 64
        a = torch.randn(n, n, device="cuda", dtype=dtype)
        b = torch.randn(n, n, device="cuda", dtype=dtype)
        c = torch.empty(n, n, device="cuda", dtype=torch.float32)
        bk = 64
    grid = (triton.cdiv(n, 128) * triton.cdiv(n, 256),)
    go = lambda: mm[grid](a, b, c, n, n, n, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                          c.stride(0), c.stride(1), BM=128, BN=256, BK=bk, GM=8, ACC_INT=dtype == torch.int8,
                          num_warps=8, num_stages=3)
    go()
    torch.cuda.synchronize()
    if n <= 1024 and dtype == torch.int8:
        ref = (a.cpu().int() @ b.cpu().int())
        assert torch.equal(ref, c.cpu()), "Triton INT8 GEMM wrong"
    e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    e0.record()
    for _ in range(launches):
        go()
    e1.record()
    torch.cuda.synchronize()
    return 2.0 * n ** 3 * launches / (e0.elapsed_time(e1) * 1e-3) / 1e12, go


if __name__ == "__main__":
    mode = sys.argv[1]
    run(512, 1)
    if mode == "time":
        import pynvml
        pynvml.nvmlInit()
        h = pynvml.nvmlDeviceGetHandleByIndex(0)
        for dtype, n, launches in [(torch.int8, 4096, 10), (torch.int8, 4096, 200),
                                   (torch.int8, 8192, 10), (torch.int8, 8192, 200),
                                   (torch.int8, 2048, 200), (torch.int8, 3072, 200),
                                   (torch.int8, 6144, 50), (torch.float16, 2048, 200),
                                   (torch.float16, 4096, 100), (torch.float16, 8192, 30)]:
                tops, _ = run(n, launches, dtype)
                mhz = pynvml.nvmlDeviceGetClockInfo(h, pynvml.NVML_CLOCK_SM)
                watts = pynvml.nvmlDeviceGetPowerUsage(h) / 1e3
                print(f"triton {str(dtype)[6:]} {n}^3 x{launches}: {tops:.1f} TOPS; right after: SM {mhz} MHz, "
                      f"{watts:.0f} W; per SM clock {tops * 1e12 / (2 * 132 * mhz * 1e6):.0f} MAC/clk/SM (at the clock read after)")
    else:
        tops, go = run(8192, 3)
        print(f"profile run done ({tops:.1f} TOPS)")
