#!/usr/bin/env python3
"""SciPy beside plan_bench: the same matrix I - A (CSR arrays written by plan_bench), the
same right-hand side and the same relative tolerance; prints one line per solver:
name seconds relative_residual, the seconds being the median of `repeat` runs (argument 5,
default 1) for bicgstab and of one run for spsolve."""
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as sla

prefix, n, tol, do_lu = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1"
repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 1
indptr = np.fromfile(prefix + ".indptr", dtype=np.int64)
indices = np.fromfile(prefix + ".indices", dtype=np.int32)
data = np.fromfile(prefix + ".data", dtype=np.float64)
y = np.fromfile(prefix + ".rhs", dtype=np.float64)
m = sp.csr_matrix((data, indices, indptr), shape=(n, n))
ny = np.linalg.norm(y)

def rel(x):
    return np.linalg.norm(y - m @ x) / ny

kw = {"rtol": tol} if tuple(int(p) for p in scipy.__version__.split(".")[:2]) >= (1, 12) else {"tol": tol}


def timed(solve, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        x = solve()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2], x


secs, x = timed(lambda: sla.bicgstab(m, y, atol=0.0, maxiter=10000, **kw)[0], repeat)
print("bicgstab", secs, rel(x), flush=True)
if do_lu:
    # Once: SuperLU takes minutes on these matrices, far beyond the noise.
    secs, x = timed(lambda: sla.spsolve(m.tocsc(), y), 1)
    print("spsolve", secs, rel(x), flush=True)
