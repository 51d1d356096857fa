#!/usr/bin/env python3
"""The numpy/filterpy reference for `ooda-benchmarks policy`: one filter step over 6 fields, per call.

Two forms of the same textbook step (constant-velocity level and trend per field, scalar measurements):
six filterpy KalmanFilter objects (predict + update each), and one 12-state numpy step with a 6 x 12 H.
"""
import time

import numpy as np
from filterpy.common import Q_continuous_white_noise
from filterpy.kalman import KalmanFilter

FIELDS = 6
CALLS = 5000


def median_per_call(step):
    for _ in range(500):
        step()
    batches = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(CALLS):
            step()
        batches.append((time.perf_counter() - start) / CALLS)
    return sorted(batches)[len(batches) // 2]


def main():
    rng = np.random.default_rng(1)
    filters = []
    for _ in range(FIELDS):
        kf = KalmanFilter(dim_x=2, dim_z=1)
        kf.x = np.array([[0.5], [0.0]])
        kf.F = np.array([[1.0, 1.0], [0.0, 1.0]])
        kf.H = np.array([[1.0, 0.0]])
        kf.P = np.diag([0.01, 0.01])
        kf.R = np.array([[0.01]])
        kf.Q = Q_continuous_white_noise(dim=2, dt=1.0, spectral_density=3e-6)
        filters.append(kf)
    z = rng.normal(0.5, 0.1, size=(FIELDS, 1, 1))

    def filterpy_step():
        for kf, value in zip(filters, z):
            kf.predict()
            kf.update(value)

    n = 2 * FIELDS
    F = np.kron(np.eye(FIELDS), np.array([[1.0, 1.0], [0.0, 1.0]]))
    Q = np.kron(np.eye(FIELDS), Q_continuous_white_noise(dim=2, dt=1.0, spectral_density=3e-6))
    H = np.kron(np.eye(FIELDS), np.array([[1.0, 0.0]]))
    R = np.eye(FIELDS) * 0.01
    state = {"x": np.zeros((n, 1)), "P": np.eye(n) * 0.01}
    zz = z.reshape(FIELDS, 1)
    identity = np.eye(n)

    def numpy_step():
        x = F @ state["x"]
        P = F @ state["P"] @ F.T + Q
        y = zz - H @ x
        S = H @ P @ H.T + R
        K = P @ H.T @ np.linalg.inv(S)
        state["x"] = x + K @ y
        A = identity - K @ H
        state["P"] = A @ P @ A.T + K @ R @ K.T

    print(f"numpy (12-state matrix step)                  {median_per_call(numpy_step) * 1e6:.2f} µs per call")
    print(f"filterpy (6 KalmanFilter predict + update)    {median_per_call(filterpy_step) * 1e6:.2f} µs per call")


if __name__ == "__main__":
    main()
