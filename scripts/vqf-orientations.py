#!/usr/bin/env python3
"""The peer of `gait-benchmarks orientation`: the published VQF (Laidig & Seel 2023,
doi:10.1016/j.inffus.2022.10.014; `pip install vqf`, version 2.1.2) on the same IMU files.

usage: vqf-orientations.py RATE_HZ OUT_DIR FILE.csv [FILE.csv ...]

Each FILE.csv is a gait-session-csv/1 IMU file (t,ax,ay,az,gx,gy,gz in s, m/s², rad/s). For each
it writes OUT_DIR/<stem>.vqf.f64 and OUT_DIR/<stem>.offline.f64: the 6D quaternions (w,x,y,z,
scalar first, q_earth←sensor, earth z up — the same convention as gait's) as raw little-endian
float64, N×4. On stdout, one line per file: `<stem> samples N vqf_cpu S offline_cpu S`.

Timing (time.process_time, CPU of this process) covers only the filter call on arrays already in
memory — file parsing excluded, as on the Swift side:
- `vqf`: the real-time (causal) C++ `VQF` class fed through `updateBatch`: one Python call per
  file, the loop over samples in compiled code, so the Python overhead is one call, measured
  within the time.
- `offline`: the C++ `offlineVQF`, which is acausal (it uses future samples for bias estimation
  and smoothing): reported for reference, not the like-for-like peer of a causal filter.
Both with VQF's default parameters (tauAcc 3 s, rest detection and bias estimation on).
"""
import sys
import time
from pathlib import Path

import numpy as np
from vqf import VQF, offlineVQF


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rate_hz = float(sys.argv[1])
    out_dir = Path(sys.argv[2])
    ts = 1.0 / rate_hz
    for name in sys.argv[3:]:
        data = np.loadtxt(name, delimiter=",", skiprows=1, ndmin=2)
        acc = np.ascontiguousarray(data[:, 1:4], dtype=np.float64)
        gyr = np.ascontiguousarray(data[:, 4:7], dtype=np.float64)

        start = time.process_time()
        quat = VQF(ts).updateBatch(gyr, acc)["quat6D"]
        vqf_cpu = time.process_time() - start

        start = time.process_time()
        offline = offlineVQF(gyr, acc, None, ts)["quat6D"]
        offline_cpu = time.process_time() - start

        stem = Path(name).stem
        np.ascontiguousarray(quat, dtype="<f8").tofile(out_dir / f"{stem}.vqf.f64")
        np.ascontiguousarray(offline, dtype="<f8").tofile(out_dir / f"{stem}.offline.f64")
        print(f"{stem} samples {len(acc)} vqf_cpu {vqf_cpu:.6f} offline_cpu {offline_cpu:.6f}", flush=True)


if __name__ == "__main__":
    main()
