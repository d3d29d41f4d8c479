"""Shared helpers of the plot_* scripts: reading sweep CSVs and naming chips and kernels."""
import csv
import os


def read_points(paths):
    """Rows of one or more `npuemu sweep` CSVs that completed (status ok), numbers converted."""
    rows = []
    for path in paths:
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                if r.get("status") != "ok":
                    continue
                for k in ("M", "N", "K", "cycles", "seconds", "ops", "achieved_tops", "peak_tops",
                          "efficiency", "hbm_bytes", "l2_bytes", "hbm_peak_gbps", "cores_used"):
                    if r.get(k) not in (None, ""):
                        r[k] = float(r[k])
                rows.append(r)
    return rows


def chip_name(arch_path):
    return os.path.splitext(os.path.basename(arch_path))[0]


def kernel_name(kernel_path):
    return os.path.splitext(os.path.basename(kernel_path))[0]


def param_label(row):
    """The chip parameters a sweep point overrode ("chip.freq=800MHz"), or ""."""
    return ", ".join(f"{k}={v}" for k, v in sorted(row.items()) if "." in k and v)
