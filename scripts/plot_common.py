"""Shared helpers of the plot_* scripts: reading sweep CSVs and naming chips and kernels."""
import csv
import os


def read_points(paths, failed=None):
    """Rows of one or more `npuemu sweep` CSVs that completed (status ok), numbers converted.
    Points that did not complete are counted in `failed` {(chip, kernel): n} when given."""
    rows = []
    for path in paths:
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                if r.get("status") != "ok":
                    if failed is not None:
                        key = (chip_name(r["arch"]), kernel_name(r["kernel"]))
                        failed[key] = failed.get(key, 0) + 1
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


def note_failed(fig, failed):
    """A footnote naming the points a plot leaves out because their run failed."""
    if failed:
        text = "; ".join(f"{k} on {c}: {n}" for (c, k), n in sorted(failed.items()))
        fig.text(0.01, 0.01, f"not shown, run faulted or failed (see the CSV's message column): {text}",
                 fontsize=8, color="#aa0000")
