#!/usr/bin/env python3
"""SciPy beside plan_bench: the same matrix I - A (CSR arrays written by plan_bench), the
same right-hand side and the same relative tolerance; prints one line per solver:
name seconds relative_residual."""
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as sla

prefix, n, tol, do_lu = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1"
indptr = np.fromfile(prefix + ".indptr", dtype=np.int64)
indices = np.fromfile(prefix + ".indices", dtype=np.int32)
data = np.fromfile(prefix + ".data", dtype=np.float64)
y = np.fromfile(prefix + ".rhs", dtype=np.float64)
m = sp.csr_matrix((data, indices, indptr), shape=(n, n))
ny = np.linalg.norm(y)

def rel(x):
    return np.linalg.norm(y - m @ x) / ny

kw = {"rtol": tol} if tuple(int(p) for p in scipy.__version__.split(".")[:2]) >= (1, 12) else {"tol": tol}
t = time.perf_counter()
x, info = sla.bicgstab(m, y, atol=0.0, maxiter=10000, **kw)
print("bicgstab", time.perf_counter() - t, rel(x), flush=True)
if do_lu:
    t = time.perf_counter()
    x = sla.spsolve(m.tocsc(), y)
    print("spsolve", time.perf_counter() - t, rel(x), flush=True)
