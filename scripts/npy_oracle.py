#!/usr/bin/env python3
"""NumPy as the oracle for mshub's .npy/.npz and comparison code.

  npy_oracle.py make DIR          writes seeded arrays of every dtype as DIR/<name>.npy (C order,
                                  Fortran order, big-endian, strings, scalars, empty) and DIR/all.npz
                                  and DIR/all_compressed.npz, plus DIR/expected.json (dtype, shape,
                                  C-order values) for each
  npy_oracle.py check DIR OURS    loads every OURS/<name>.npy (written by mshub) and says whether
                                  it equals DIR/<name>.npy (dtype, shape, values; NaN == NaN)
  npy_oracle.py stats A.npy B.npy RTOL ATOL
                                  prints numpy's allclose verdict and error statistics as JSON
"""
import json
import math
import os
import sys

import numpy as np


def arrays():
    rng = np.random.default_rng(7)
    out = {}
    for dt in ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]:
        info = np.finfo(dt) if dt.startswith("float") else np.iinfo(dt)
        if dt.startswith("float"):
            a = rng.standard_normal((3, 4)).astype(dt)
            a[0, 0] = np.nan
            a[0, 1] = np.inf
            a[0, 2] = -np.inf
            a[0, 3] = info.max
        else:
            a = rng.integers(info.min, info.max, size=(3, 4), dtype=dt, endpoint=True)
            a[0, 0] = info.min
            a[0, 1] = info.max
        out[dt] = a
    out["bool"] = rng.integers(0, 2, size=(2, 3, 2)).astype(bool)
    out["fortran_f32"] = np.asfortranarray(rng.standard_normal((2, 3, 4)).astype(np.float32))
    out["fortran_i64"] = np.asfortranarray(np.arange(12, dtype=np.int64).reshape(3, 4))
    out["bigendian_f64"] = rng.standard_normal(5).astype(">f8")
    out["bigendian_i32"] = np.arange(-3, 3, dtype=">i4").reshape(2, 3)
    out["scalar_f32"] = np.array(1.5, dtype=np.float32)
    out["empty_f32"] = np.zeros((0, 3), dtype=np.float32)
    out["unicode"] = np.array([["a", "héllo"], ["", "ünïcödé✓"]])
    out["bytes"] = np.array([b"ab", b"", b"xyz"])
    return out


def values(a):
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype.kind in "US":
        return [x.decode() if isinstance(x, bytes) else str(x) for x in flat.tolist()]
    if a.dtype.kind == "f":
        return [float.hex(float(x)) if math.isfinite(x) else repr(float(x)) for x in flat.tolist()]
    return [str(int(x)) for x in flat.tolist()]


def make(folder):
    os.makedirs(folder, exist_ok=True)
    table = arrays()
    expected = {}
    for name, a in table.items():
        np.save(os.path.join(folder, name + ".npy"), a)
        expected[name] = {"dtype": a.dtype.name if a.dtype.kind not in "US" else "string",
                          "shape": list(a.shape), "values": values(a)}
    numeric = {k: v for k, v in table.items()}
    np.savez(os.path.join(folder, "all.npz"), **numeric)
    np.savez_compressed(os.path.join(folder, "all_compressed.npz"), **numeric)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f)


def same(a, b):
    if a.shape != b.shape:
        return f"shape {b.shape} != {a.shape}"
    if a.dtype.kind in "US" or b.dtype.kind in "US":
        return None if a.astype(str).tolist() == b.astype(str).tolist() else "strings differ"
    if a.dtype.newbyteorder("=") != b.dtype.newbyteorder("=") and a.dtype.name != b.dtype.name:
        return f"dtype {b.dtype} != {a.dtype}"
    if a.dtype.kind == "f":
        return None if np.array_equal(a, b, equal_nan=True) else "values differ"
    return None if np.array_equal(a, b) else "values differ"


def check(folder, ours):
    results = {}
    for name in sorted(os.listdir(ours)):
        if not name.endswith(".npy"):
            continue
        original = np.load(os.path.join(folder, name))
        mine = np.load(os.path.join(ours, name))
        results[name[:-4]] = same(original, mine) or "ok"
    print(json.dumps(results))


def stats(a_path, b_path, rtol, atol):
    a = np.load(a_path).astype(np.float64)
    b = np.load(b_path).astype(np.float64)
    diff = np.abs(a - b)
    finite = np.isfinite(a) & np.isfinite(b)
    d = diff[finite]
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(d == 0, 0.0, d / np.abs(b[finite]))
    af, bf = a[finite], b[finite]
    out = {
        "allclose": bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True)),
        "mismatches": int(np.count_nonzero(~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True))),
        "max_abs": float(d.max()) if d.size else 0.0,
        "max_rel": float(rel.max()) if rel.size else 0.0,
        "mean_abs": float(d.mean()) if d.size else 0.0,
        "median_abs": float(np.median(d)) if d.size else 0.0,
        "nmse": float(np.sum((af - bf) ** 2) / np.sum(bf ** 2)),
        "cosine": float(np.dot(af, bf) / (np.linalg.norm(af) * np.linalg.norm(bf))),
        "worst_flat": int(np.argmax(np.where(finite, diff, -1))),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "make":
        make(sys.argv[2])
    elif command == "check":
        check(sys.argv[2], sys.argv[3])
    elif command == "stats":
        stats(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit(f"unknown command {command}")
