"""Writes numpy-semantics.json: what Brian2 2.5.4 (numpy 1.26) gives for the numpy a model script
may compute while it builds its model, units included. test/read/numpy-semantics.test.ts evaluates
every case with the converter's evaluator and compares shape, dtype kind, units and values.

Run with the managed Python:  $B2PY test/data/numpy-semantics.py > test/data/numpy-semantics.json

Each case is Python code that leaves its result in `x` (after the SETUP lines). A case whose result
is an error in Brian2 records the error's type; the converter must refuse it too.
"""
import json
import warnings

warnings.filterwarnings("ignore")

SETUP = """from brian2 import *
import numpy as np
a = np.array([1., 2., 3.])*mV
b = np.array([4., 5.])*mV
p = np.array([3., 1., 2.])
k = np.array([2, 0, 1])
M = np.array([[1., 2., 3.], [4., 5., 6.]])*mV
P = np.array([[1., 2., 3.], [4., 5., 6.]])
B = np.array([[True, False, True], [False, True, False]])
q = 5*mV
L = [1*mV, 2*mV]
"""

CASES = [
    # ---- creation
    "np.array([1, 2, 3])", "np.array([1., 2])", "np.array([[1, 2], [3, 4]])", "np.array([[[1], [2]], [[3], [4]]])",
    "np.array(a)", "np.array(L)", "np.asarray(a)", "np.array([True, False])", "np.array(p, dtype=int)",
    "np.array([1.7, -1.7], dtype=int)", "array([1, 2])", "np.array(5)", "np.array([p, p])", "np.array([a, a])",
    "np.zeros(3)", "np.zeros((2, 3))", "np.zeros(3, dtype=int)", "np.ones((2, 2))", "np.ones(2, dtype=bool)",
    "np.full(3, 7)", "np.full((2, 2), 1.5)", "np.full(3, q)", "np.full_like(p, 2)", "np.full_like(a, q)",
    "np.zeros_like(a)", "zeros_like(a)", "np.ones_like(M)", "ones_like(a)", "np.zeros_like(k)",
    "np.arange(5)", "np.arange(1, 10, 3)", "np.arange(0., 1., 0.1)", "np.arange(0*ms, 5*ms, 1*ms)",
    "arange(0*ms, 5*ms, 1*ms)", "arange(5)*ms", "np.arange(10, 0, -3)", "arange(0, 1, 0.25)", "np.arange(2.5)",
    "np.linspace(0, 1, 5)", "np.linspace(0*mV, 5*mV, 3)", "linspace(0*mV, 5*mV, 3)", "np.linspace(0, 1, 4, endpoint=False)",
    "np.linspace(2, 3)", "linspace(0, 1, 3)", "np.linspace(0, 10, 4, dtype=int)",
    "np.logspace(-1, 2, 4)", "np.logspace(0, 3, 4, base=2)", "np.geomspace(1, 1000, 4)",
    "np.eye(3)", "np.eye(2, 3)", "np.eye(3, k=1)", "np.identity(2)", "np.eye(3, dtype=int)",
    "np.diag(p)", "np.diag(P)", "np.diag(M)", "np.diag(p, 1)", "np.triu(P)", "np.tril(P, -1)",
    "np.meshgrid(p, np.array([1., 2.]))[0]", "np.meshgrid(p, np.array([1., 2.]))[1]", "np.meshgrid(a, b)[0]",
    "np.meshgrid(p, k, indexing='ij')[1]",
    # ---- shape and indexing
    "np.reshape(p, (3, 1))", "p.reshape(1, 3)", "P.reshape(-1)", "M.reshape(3, 2)", "P.reshape((3, 2))", "P.ravel()", "np.ravel(M)",
    "ravel(M)", "P.flatten()", "P.T", "M.T", "np.transpose(P)", "P.transpose()", "np.squeeze(P[:1])", "np.squeeze(M[:1])",
    "np.expand_dims(p, 0)", "np.atleast_1d(5)", "np.atleast_2d(p)", "p[:, None]", "p[None, :]", "p[:, np.newaxis]",
    "a[:, None]*b[None, :]", "P[..., 0]", "M[1]", "P[:, 1:]", "P[::-1]", "P[1, ::-1]", "P[[0, 1], [2, 0]]", "P[:, [0, 2]]",
    "P[B]", "p[p > 1.5]", "a[a > 1.5*mV]", "p[[True, False, True]]", "p[-1]", "P[-1, -1]", "P[1][2]", "M[0, 1]", "P[1, [0, 0, 2]]",
    "P[[1, 0]]", "P[[[0], [1]], [0, 2]]", "p[k]", "p[np.array([], dtype=int)]", "P[:, None, 1]", "P[None]", "P[0, ..., None]",
    "P[1:, [0]]", "P[5:]", "p[3]", "P[0, 3]", "p[1.0]",
    "np.concatenate([p, p])", "np.concatenate([a, b])", "np.concatenate([P, P], axis=1)", "np.concatenate([P, P])",
    "np.concatenate([P, P], axis=None)", "np.concatenate((k, p))", "np.concatenate([P, p])", "np.hstack([p, p])", "np.hstack([P, P])",
    "np.vstack([p, p])", "np.vstack([P, p])", "np.stack([p, p])", "np.stack([p, p], axis=1)", "np.column_stack([p, p])",
    "np.append(p, 4)", "np.append(a, b)", "np.r_[p, 4, p]", "np.r_[a, b]", "np.r_[1:4]", "np.r_[np.zeros(2), np.ones(2)]",
    "np.tile(p, 2)", "np.tile(p, (2, 1))", "np.tile(a, 2)", "np.tile(P, (1, 2))", "np.tile(k, (2, 2))",
    "np.repeat(p, 2)", "np.repeat(k, [1, 2, 0])", "np.repeat(P, 2, axis=0)", "np.repeat(a, 2)", "np.repeat(P, 2)",
    "np.roll(p, 1)", "np.roll(P, 1, axis=1)", "np.roll(P, -1)", "np.flip(p)", "np.fliplr(P)", "np.flipud(P)", "p[::-1]",
    "np.swapaxes(P, 0, 1)", "len(P)", "P.shape", "P.size", "P.ndim", "np.shape(P)", "np.size(P)", "len(a)",
    # ---- element-wise maths
    "np.exp(p)", "exp(p)", "np.exp(a)", "exp(a)", "exp(a/mV)", "np.log(p)", "log(q)", "np.sqrt(a)", "np.sqrt(P)", "sqrt(q)",
    "np.square(a)", "np.abs(-a)", "abs(-a)", "abs(-q)", "np.abs(k - 1)", "np.sign(p - 2)", "np.floor(a)", "np.floor(p)",
    "np.ceil(p)", "np.round(p / 3, 2)", "np.round(a)", "round(2.5)", "round(3.14159, 2)", "np.round(2.5)", "np.round(3.5)",
    "np.around(p / 3, 1)", "np.trunc(-p / 2)", "np.rint(p / 2)", "np.sin(p)", "np.arctan2(p, p)", "np.hypot(p, p)", "np.power(p, 2)",
    "np.maximum(p, 2)", "np.maximum(a, 2*mV)", "np.maximum(a, 0)", "np.minimum(a, 2)", "np.maximum(a, b[:1])", "np.minimum(P, p)",
    "np.clip(p, 1.5, 2.5)", "np.clip(a, 1.5*mV, 2.5*mV)", "np.clip(a, 0, 2*mV)", "np.clip(a, 0*mV, 2)", "np.clip(p, None, 2)",
    "np.clip(k, 0, 1)", "np.mod(p, 2)", "p % 2", "-p // 2", "np.isnan(p)", "np.isinf(np.array([1., np.inf]))",
    "np.isfinite(np.array([1., np.nan]))", "np.logical_and(p > 1, p < 3)", "np.logical_or(p > 2, p < 2)", "np.logical_not(p > 1)",
    "np.where(p > 1.5, p, 0)", "np.where(a > 2*mV, a, 0*mV)", "where(a > 2*mV, a, 0*mV)", "where(a > 2*mV, a, 0)",
    "where(a > 2*mV, a, 1)", "np.where(p > 1.5)[0]", "np.where(P > 2)[1]", "np.nonzero(p > 1.5)[0]", "np.nonzero(B)[1]",
    "np.flatnonzero(P > 2)", "np.argwhere(P > 2)", "np.count_nonzero(B)", "(p > 1.5).nonzero()[0]",
    "a + 0", "0 + a", "a > 0", "a == 0", "a + np.zeros(3)", "a % 1", "q < inf", "a + inf", "a * p", "p * a", "P * p",
    "P + p[:, None]", "P + p", "a / q", "k / 2", "k // 2", "k * 2", "k + 0.5", "-k", "k ** 2", "p ** 2", "a ** 2",
    "B & (P > 2)", "~B", "B | B", "L * mV", "[1, 2] * mV",
    # ---- reductions
    "np.sum(p)", "np.sum(P, axis=0)", "np.sum(P, axis=1)", "np.sum(M)", "np.sum(M, axis=0)", "M.sum(axis=1)", "np.sum(k)",
    "np.sum(B)", "np.sum(B, axis=1)", "np.mean(P, axis=0)", "np.mean(a)", "np.mean(L)", "np.std(p)", "np.std(M, axis=1)",
    "np.var(a)", "np.var(p, ddof=1)", "np.max(a)", "np.max(P, axis=1)", "P.max(axis=0)", "np.min(M)", "max(a)", "max(1*mV, 3*mV)",
    "min(1, 5)", "max(q, 0)", "np.amax(P)", "np.argmax(p)", "np.argmin(P, axis=1)", "P.argmax()", "np.prod(p)", "np.cumsum(p)",
    "np.cumsum(P, axis=0)", "np.cumsum(a)", "np.cumsum(P)", "np.cumprod(p)", "np.diff(p)", "np.diff(a)", "np.diff(P, axis=0)",
    "np.diff(p, 2)", "np.median(p)", "np.median(np.array([4., 1., 3., 2.]))", "np.ptp(p)", "np.average(p)", "np.any(p > 2)",
    "np.all(p > 0)", "(p > 2).any()", "np.sum(P, axis=-1, keepdims=True)", "np.mean(M, axis=0)", "sum(L)", "sum([1, 2])",
    "p.sum()", "a.mean()", "M.std()", "p.min()", "k.max()", "P.mean(axis=1)", "np.sum(np.arange(1000)*0.1)",
    "np.mean(np.linspace(0, 1, 333))", "np.std(np.linspace(0, 1, 200))", "np.sum(np.linspace(0, 1, 1001))",
    "np.dot(p, p)", "np.dot(P, p)", "np.dot(P, P.T)", "np.dot(a, a)", "dot(a, a)", "np.dot(M, p)", "np.dot(P, a)", "p @ p",
    "P @ P.T", "a @ a", "M @ p", "P @ a", "np.outer(p, p)", "np.outer(a, a)", "np.trace(P[:, :2])", "trace(M[:, :2])",
    "np.dot(k, k)", "np.outer(k, p)",
    # ---- sorting, sets
    "np.sort(p)", "np.sort(P, axis=0)", "np.sort(a)", "np.argsort(p)", "np.argsort(P, axis=1)", "np.unique(np.array([3, 1, 3, 2]))",
    "np.unique(a)", "np.unique(np.array([3, 1, 3]), return_counts=True)[1]", "np.unique(np.array([3, 1, 3]), return_index=True)[1]",
    "np.unique(np.array([3, 1, 3]), return_inverse=True)[1]", "np.unique(P)", "np.isin(k, [0, 1])", "np.in1d(k, [2])",
    "np.setdiff1d(k, [0])", "np.intersect1d(k, [1, 2, 5])", "np.union1d(k, [7])", "np.searchsorted(np.array([1., 2., 3.]), 2.5)",
    "np.searchsorted(np.array([1., 2., 3.]), [0.5, 2.])", "np.sort(np.array([2., np.nan, 1.]))", "np.argsort(np.array([2, 1, 2, 1]))",
    # ---- casts
    "p.astype(int)", "(p / 2).astype(int)", "a.astype(int)", "np.int32(3.7)", "np.float64(3)", "int(np.sum(k))", "float(q/mV)",
    "p.tolist()", "P.tolist()", "k.copy()", "np.copy(a)", "bool(np.array([1]))", "int(np.array([2.7]))",
    # ---- item assignment, in-place and views (statements)
    "x = np.zeros((2, 3)); x[0, 1] = 5", "x = np.zeros((2, 3)); x[:, 1] = [1, 2]", "x = np.zeros((3, 3)); x[[0, 1], [1, 2]] = 7",
    "x = np.zeros(4); x[1:3] = 1", "x = np.zeros(4, dtype=int); x[0] = 2.7", "x = np.zeros((2, 2)); x[x == 0] = 3",
    "x = np.eye(3); x[np.arange(3), np.arange(3)] = 0", "x = np.zeros(3)*mV; x[0] = 1*mV", "x = np.zeros(3)*mV; x[0] = 1",
    "x = np.zeros(3)*mV; x[0] = 0", "x = np.zeros((2, 3)); y = x.reshape(3, 2); y[0, 0] = 5", "x = np.zeros((2, 3)); x[0][1] = 4",
    "x = np.zeros((2, 3)); r = x[1]; r[2] = 4", "x = np.zeros((2, 3)); x[:, :2] = [[1, 2], [3, 4]]", "x = np.zeros(3); x[:] = [[1, 2, 3]]",
    "x = np.zeros((2, 3)); x[1] = p", "x = np.zeros((2, 3)); x.T[2, 1] = 8", "x = np.zeros(3); x[[0, 0]] = [1, 2]",
    "x = np.ones(3); y = x; y += 1", "x = np.ones(3); x *= 2*mV", "x = np.ones(3, dtype=int); x += 1.5", "x = np.ones(3, dtype=int); x += 1",
    "x = np.zeros((2, 3)); x[1, :] += p", "x = np.zeros(5); x[[1, 1]] += 1", "x = np.zeros((3, 3)); x[:, None][0] = 1",
    "x = list(range(3)); x[1] = 5", "x = np.zeros(3); x[5] = 1", "x = np.ones(3); x[...] = 2", "x = np.ones((2, 2)); x[0] = 0*mV",
    "x = p.copy(); x.sort()", "x = np.ones(3); x.fill(4)", "x = np.zeros(3); x[p > 1.5] = p[p > 1.5]",
]


def describe(x):
    import numpy as np
    from brian2 import Quantity
    from brian2.units.fundamentalunits import get_dimensions

    if isinstance(x, tuple):
        return {"kind": "tuple", "items": [describe(v) for v in x]}
    if isinstance(x, list):
        return {"kind": "list", "value": np.asarray(x, dtype=float).ravel().tolist(), "shape": list(np.shape(x))}
    if isinstance(x, (bool, np.bool_)):
        return {"kind": "bool", "value": bool(x)}
    dims = [float(d) for d in get_dimensions(x)._dims] if isinstance(x, Quantity) else [0] * 7
    arr = np.asarray(x)
    kind = arr.dtype.kind
    dtype = "bool" if kind == "b" else ("int" if kind in "iu" else "float")
    values = [None if v != v else ("inf" if v == float("inf") else ("-inf" if v == -float("inf") else v)) for v in arr.astype(float).ravel().tolist()]
    return {
        "kind": "array" if (isinstance(x, np.ndarray) and x.ndim > 0) else "scalar",
        "shape": list(arr.shape),
        "dtype": dtype,
        "dim": dims,
        "value": values,
    }


def run(case):
    ns = {}
    exec(SETUP, ns)
    code = case if case.startswith("x = ") and ";" in case else "x = " + case
    try:
        exec(code.replace("; ", "\n"), ns)
    except Exception as e:  # noqa: BLE001 - the error type is the result
        return {"error": type(e).__name__}
    return describe(ns["x"])


print(json.dumps({"source": "Brian2 2.5.4, numpy 1.26 (test/data/numpy-semantics.py)", "setup": SETUP,
                  "cases": [{"code": c, "result": run(c)} for c in CASES]}, indent=0))
