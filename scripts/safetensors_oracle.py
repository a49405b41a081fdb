#!/usr/bin/env python3
"""safetensors and MindSpore oracles for mshub's safetensors tests (prints ONE JSON document on stdout).

    safetensors_oracle.py reference OUTDIR
        Writes seeded tensors of every dtype PyPI `safetensors` can write with its own writer
        (numpy.save_file for NumPy dtypes, serialize_file for the rest) into OUTDIR/*.safetensors and
        describes them: {"files": [{"file", "metadata": [[k, v]...] | null,
        "tensors": [{"name", "dtype", "shape", "hex"}]}]} (tensors in the order they were given).
    safetensors_oracle.py load FILE
        Reads FILE with safetensors.safe_open (metadata, keys), safetensors.deserialize (raw bytes of
        every dtype) and, when every dtype has a NumPy type, safetensors.numpy.load_file (checked to
        agree): {"metadata": {..} | null, "tensors": [{"name", "dtype", "shape", "sha256", "bytes"}]}.
    safetensors_oracle.py ms-load FILE ckpt|safetensors
        mindspore.load_checkpoint(FILE, format=...): {"tensors": [{"name", "dtype", "shape", "sha256", "bytes"}]}
        (dtype = str(Parameter.dtype), bytes from Tensor.get_bytes(); strings as UTF-32LE with dtype "str").
    safetensors_oracle.py ms-convert to-safetensors|to-ckpt FILE OUTDIR
        mindspore.ckpt_to_safetensors / safetensors_to_ckpt(FILE, save_path=OUTDIR): {"output": PATH}
    safetensors_oracle.py ms-resave IN.ckpt OUT.ckpt [NAME...]
        mindspore.load_checkpoint(IN) then save_checkpoint of every entry but NAME... (strings through
        append_dict, so they stay last): {"output": OUT}
    safetensors_oracle.py same-content A B
        Compares two safetensors files: {"identical": bool, "same_content": bool, "why": str}; same_content
        means equal header length, equal data bytes, equal header JSON as a mapping and equal tensor order
        (only the order of metadata entries may differ: the reference keeps them in a hash map).
"""
import hashlib
import json
import os
import struct
import sys
from collections import OrderedDict

os.environ.setdefault("GLOG_v", "3")
os.environ.setdefault("GLOG_logtostderr", "1")
os.environ.setdefault("GLOG_stderrthreshold", "3")

NUMPY = {"BOOL": "bool", "U8": "uint8", "I8": "int8", "I16": "int16", "U16": "uint16", "F16": "float16",
         "I32": "int32", "U32": "uint32", "F32": "float32", "F64": "float64", "I64": "int64", "U64": "uint64",
         "C64": "complex64"}
SPEC_NAMES = {"BF16": "bfloat16", "F8_E5M2": "float8_e5m2", "F8_E4M3": "float8_e4m3fn", "F8_E8M0": "float8_e8m0fnu",
              "F8_E4M3FNUZ": "float8_e4m3fnuz", "F8_E5M2FNUZ": "float8_e5m2fnuz", "F4": "float4_e2m1fn_x2"}
BITS = {"BOOL": 8, "U8": 8, "I8": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32,
        "F64": 64, "I64": 64, "U64": 64, "C64": 64, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8,
        "F8_E5M2FNUZ": 8, "F4": 4}


def out(doc):
    sys.stdout.write(json.dumps(doc) + "\n")


def header_of(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    return raw, n, raw[8:8 + n]


def reference(outdir):
    import numpy as np
    import safetensors
    from safetensors.numpy import save_file
    rng = np.random.default_rng(20261130)
    shapes = [[2, 3], [], [0, 4], [5], [1, 1, 2, 1, 3]]
    files = []

    def describe(name, meta, tensors):
        files.append({"file": name, "metadata": None if meta is None else [[k, v] for k, v in meta.items()],
                      "tensors": tensors})

    # NumPy dtypes through save_file; names shuffled so the writer's ordering is what is tested.
    arrays, described = {}, []
    for i, (code, npname) in enumerate(sorted(NUMPY.items(), key=lambda kv: rng.random())):
        shape = shapes[i % len(shapes)]
        count = int(np.prod(shape)) if shape else 1
        raw = rng.integers(0, 256, size=count * np.dtype(npname).itemsize, dtype=np.uint8).tobytes()
        if code == "BOOL":
            raw = bytes(b & 1 for b in raw)
        name = ["w", "layer.%d.weight" % i, "b\u00e9ta", "q\"uote\\back\nline\x01", "z" * 3][i % 5] + "_" + code
        arrays[name] = np.frombuffer(raw, dtype=npname).reshape(shape).copy()
        described.append({"name": name, "dtype": code, "shape": shape, "hex": raw.hex()})
    meta = {"format": "ms"}
    save_file(arrays, os.path.join(outdir, "numpy.safetensors"), metadata=meta)
    describe("numpy.safetensors", meta, described)
    # Two tensors of one dtype (ties broken by name) and no metadata.
    a = rng.standard_normal((3, 2)).astype(np.float32)
    b = rng.standard_normal((2,)).astype(np.float32)
    save_file({"b": b, "a": a}, os.path.join(outdir, "nometa.safetensors"))
    describe("nometa.safetensors", None, [
        {"name": "b", "dtype": "F32", "shape": [2], "hex": b.tobytes().hex()},
        {"name": "a", "dtype": "F32", "shape": [3, 2], "hex": a.tobytes().hex()}])
    # The dtypes NumPy has no type for, through the same writer (serialize_file, which save_file calls).
    keep, specs, described = [], {}, []
    for i, (code, spec_name) in enumerate(sorted(SPEC_NAMES.items())):
        shape = [2, 4] if code == "F4" else shapes[i % len(shapes)]
        count = int(np.prod(shape)) if shape else 1
        raw = rng.integers(0, 256, size=count * BITS[code] // 8, dtype=np.uint8)
        keep.append(raw)
        name = "t%d_%s" % (i, code.lower())
        # TensorSpec takes the storage shape for float4 (two values per byte) and doubles the last dim.
        spec_shape = shape[:-1] + [shape[-1] // 2] if code == "F4" else shape
        specs[name] = safetensors.TensorSpec(dtype=spec_name, shape=spec_shape, data_ptr=raw.ctypes.data, data_len=raw.nbytes)
        described.append({"name": name, "dtype": code, "shape": shape, "hex": raw.tobytes().hex()})
    meta = {"note": "exotic dtypes"}
    safetensors.serialize_file(specs, os.path.join(outdir, "exotic.safetensors"), metadata=meta)
    describe("exotic.safetensors", meta, described)
    save_file({}, os.path.join(outdir, "empty.safetensors"))
    describe("empty.safetensors", None, [])
    save_file({"x": np.zeros((1,), np.uint8)}, os.path.join(outdir, "emptymeta.safetensors"), metadata={})
    describe("emptymeta.safetensors", {}, [{"name": "x", "dtype": "U8", "shape": [1], "hex": "00"}])
    out({"files": files})


def load(path):
    import numpy as np
    import safetensors
    from safetensors.numpy import load_file
    with open(path, "rb") as f:
        raw = f.read()
    with safetensors.safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
        keys = list(f.keys())
    parsed = dict(safetensors.deserialize(raw))
    tensors = []
    for name in keys:
        t = parsed[name]
        data = bytes(t["data"])
        tensors.append({"name": name, "dtype": t["dtype"], "shape": list(t["shape"]),
                        "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    if all(t["dtype"] in NUMPY for t in tensors):
        arrays = load_file(path)
        assert sorted(arrays) == sorted(keys), "load_file and safe_open disagree on names"
        for name in keys:
            assert arrays[name].tobytes() == bytes(parsed[name]["data"]), name
            assert list(arrays[name].shape) == list(parsed[name]["shape"]), name
    out({"metadata": metadata, "tensors": tensors})


def ms_load(path, fmt):
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    import mindspore as ms
    ms.set_context(device_target="CPU")
    loaded = ms.load_checkpoint(path, format=fmt)
    tensors = []
    for name, value in loaded.items():
        if isinstance(value, str):
            data = value.encode("utf-32-le")
            tensors.append({"name": name, "dtype": "str", "shape": [], "sha256": hashlib.sha256(data).hexdigest(),
                            "bytes": len(data)})
            continue
        data = bytes(value.get_bytes()) if hasattr(value, "get_bytes") else value.asnumpy().tobytes()
        tensors.append({"name": name, "dtype": str(value.dtype), "shape": list(value.shape),
                        "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    os.dup2(real_stdout, 1)
    out({"tensors": tensors})


def ms_convert(direction, path, outdir):
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    import mindspore as ms
    ms.set_context(device_target="CPU")
    if direction == "to-safetensors":
        ms.ckpt_to_safetensors(path, save_path=outdir)
        result = os.path.join(outdir, os.path.basename(path).replace(".ckpt", ".safetensors"))
    else:
        ms.safetensors_to_ckpt(path, save_path=outdir)
        result = os.path.join(outdir, os.path.basename(path).replace(".safetensors", ".ckpt"))
    os.dup2(real_stdout, 1)
    out({"output": result})


def ms_resave(source, path, drop):
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    import mindspore as ms
    ms.set_context(device_target="CPU")
    loaded = ms.load_checkpoint(source)
    params = [{"name": k, "data": v} for k, v in loaded.items() if k not in drop and not isinstance(v, str)]
    strings = {k: v for k, v in loaded.items() if k not in drop and isinstance(v, str)}
    ms.save_checkpoint(params, path, append_dict=strings or None)
    os.dup2(real_stdout, 1)
    out({"output": path})


def same_content(a, b):
    ra, na, ha = header_of(a)
    rb, nb, hb = header_of(b)
    if ra == rb:
        return out({"identical": True, "same_content": True, "why": ""})
    why = []
    if na != nb:
        why.append("header lengths %d and %d" % (na, nb))
    if ra[8 + na:] != rb[8 + nb:]:
        why.append("data differs")
    ja = json.loads(ha, object_pairs_hook=OrderedDict)
    jb = json.loads(hb, object_pairs_hook=OrderedDict)
    if json.loads(ha) != json.loads(hb):
        why.append("headers differ as JSON: %s vs %s" % (ha[:300], hb[:300]))
    if [k for k in ja if k != "__metadata__"] != [k for k in jb if k != "__metadata__"]:
        why.append("tensor order differs")
    out({"identical": False, "same_content": not why, "why": "; ".join(why)})


def main(argv):
    cmd = argv[1]
    if cmd == "reference":
        reference(argv[2])
    elif cmd == "load":
        load(argv[2])
    elif cmd == "ms-load":
        ms_load(argv[2], argv[3])
    elif cmd == "ms-convert":
        ms_convert(argv[2], argv[3], argv[4])
    elif cmd == "ms-resave":
        ms_resave(argv[2], argv[3], set(argv[4:]))
    elif cmd == "same-content":
        same_content(argv[2], argv[3])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
