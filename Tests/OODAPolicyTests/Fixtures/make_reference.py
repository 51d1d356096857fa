#!/usr/bin/env python3
"""Makes kalman_reference.json: the textbook Kalman filter, computed independently with filterpy.

Each state field is an independent constant-velocity (level, trend) model observed directly:

    F = [[1, dt], [0, 1]]      Q = Q_continuous_white_noise(dim=2, dt, q)      H = [1, 0]

with the covariance updated in Joseph form (filterpy's update). The first measurement initialises the
estimate (level = z, trend = 0, P = diag(R, p0_trend)) without an update, as ooda's filter does; a step
with dt = 0 predicts nothing (F = I, Q = 0) and updates. Values are divided by the field's scale first.

Run: python3 make_reference.py > kalman_reference.json   (needs numpy and filterpy: pip install filterpy)
"""
import json
import sys

import numpy as np
from filterpy.common import Q_continuous_white_noise
from filterpy.kalman import KalmanFilter

FIELDS = [
    {"name": "cpu_usage", "scale": 1.0, "q": 1e-5, "r": 0.01},
    {"name": "latency_ms", "scale": 100.0, "q": 4e-4, "r": 0.02},
    {"name": "throughput", "scale": 1000.0, "q": 2e-3, "r": 0.005},
]
P0_TREND = 0.01
STEPS = 60


def main():
    rng = np.random.default_rng(20240611)
    times = [1_700_000_000_000_000_000]
    for k in range(1, STEPS):
        # Irregular sampling, including a repeated time stamp (dt = 0) at step 17.
        gap = 0 if k == 17 else int(rng.integers(200_000_000, 3_000_000_000))
        times.append(times[-1] + gap)
    truth = [0.4, 120.0, 900.0]
    rates = [0.002, 0.5, -3.0]
    noise = [0.1, 14.0, 70.0]
    measurements = []
    for k, t in enumerate(times):
        seconds = (t - times[0]) / 1e9
        row = []
        for i in range(len(FIELDS)):
            wobble = 0.05 * FIELDS[i]["scale"] * np.sin(seconds / 7.0)
            row.append(float(truth[i] + rates[i] * seconds + wobble + rng.normal(0.0, noise[i])))
        if k == 40:
            row[0] += 0.8  # an outlier
        measurements.append(row)

    filters = []
    for field, z in zip(FIELDS, measurements[0]):
        kf = KalmanFilter(dim_x=2, dim_z=1)
        kf.x = np.array([[z / field["scale"]], [0.0]])
        kf.P = np.diag([field["r"], P0_TREND])
        kf.R = np.array([[field["r"]]])
        kf.H = np.array([[1.0, 0.0]])
        filters.append(kf)

    steps = []
    for k, (t, row) in enumerate(zip(times, measurements)):
        record = {"timeNanos": t, "measurements": row, "state": [], "covariance": [], "innovation": [],
                  "innovationVariance": [], "nis": 0.0}
        nis = 0.0
        for field, kf, z in zip(FIELDS, filters, row):
            if k > 0:
                dt = (t - times[k - 1]) / 1e9
                kf.F = np.array([[1.0, dt], [0.0, 1.0]])
                kf.Q = Q_continuous_white_noise(dim=2, dt=dt, spectral_density=field["q"]) if dt > 0 else np.zeros((2, 2))
                kf.predict()
                kf.update(np.array([[z / field["scale"]]]))
                y = float(kf.y[0, 0])
                s = float(kf.S[0, 0])
                nis += y * y / s
            else:
                y, s = 0.0, 0.0
            record["state"] += [float(kf.x[0, 0]), float(kf.x[1, 0])]
            record["covariance"] += [float(kf.P[0, 0]), float(kf.P[0, 1]), float(kf.P[1, 1])]
            record["innovation"].append(y)
            record["innovationVariance"].append(s)
        record["nis"] = nis
        steps.append(record)

    json.dump({"fields": FIELDS, "initialTrendVariance": P0_TREND, "steps": steps}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
