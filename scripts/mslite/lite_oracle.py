#!/usr/bin/env python3
"""Runs models under MindSpore Lite 2.0.0 (.lite/bin/lite-run, see setup-lite), onnxruntime or
MindSpore's saved outputs, and prints how far their outputs are apart, as one JSON object.

  lite_oracle.py compare A B --inputs INPUTS.npz
A and B are each one of:  lite:MODEL.ms  onnx:MODEL.onnx  npz:OUTPUTS.npz (outputs in order, e.g. MindSpore's).
Inputs are given in the model's own (ONNX, NCHW) layout. For a .ms whose input Lite declares as the
NHWC form of a 4-D input (what Lite's converter does), the input is fed transposed to NHWC; the JSON
says so per input. Outputs are matched by position. Prints
  {"inputs": [{"name", "lite_shape", "fed": "as-is"|"nhwc"}...],
   "outputs": [{"index", "a_shape", "b_shape", "max_abs", "max_rel", "a_name", "b_name"}...]}
A model that fails to run exits non-zero with the tool's message on stderr.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LITE_RUN = os.path.join(ROOT, ".lite", "bin", "lite-run")
LITE_TYPES = {43: np.float32, 42: np.float16, 34: np.int32, 35: np.int64, 32: np.int8, 37: np.uint8, 30: np.bool_}


def run_lite(model, inputs, notes):
    if not os.path.exists(LITE_RUN):
        sys.exit("lite oracle missing: %s (run scripts/mslite/setup-lite)" % LITE_RUN)
    info = subprocess.run([LITE_RUN, model, "--info"], capture_output=True, text=True)
    if info.returncode != 0:
        sys.exit("lite-run --info failed: " + info.stderr[-2000:])
    declared = [line.split() for line in info.stdout.splitlines() if line.startswith("input ")]
    arrays = list(inputs.values())
    if len(declared) != len(arrays):
        sys.exit("the .ms has %d inputs, %d given" % (len(declared), len(arrays)))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k, (fields, array) in enumerate(zip(declared, arrays)):
            shape = [int(d) for d in fields[3:]]
            fed = "as-is"
            if list(array.shape) != shape and array.ndim == 4 and list(array.transpose(0, 2, 3, 1).shape) == shape:
                array = array.transpose(0, 2, 3, 1)
                fed = "nhwc"
            elif list(array.shape) != shape:
                sys.exit("input %s: Lite declares %s, given %s" % (fields[1], shape, list(array.shape)))
            path = os.path.join(tmp, "in%d.bin" % k)
            np.ascontiguousarray(array).tofile(path)
            files.append(path)
            notes.append({"name": fields[1], "lite_shape": shape, "fed": fed})
        result = subprocess.run([LITE_RUN, model, tmp] + files, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("lite-run failed: " + result.stderr[-3000:])
        outputs = []
        for k, line in enumerate(l for l in result.stdout.splitlines() if l.startswith("output ")):
            fields = line.split()
            dtype = LITE_TYPES[int(fields[2])]
            shape = [int(d) for d in fields[3:]]
            data = np.fromfile(os.path.join(tmp, "out%d.bin" % k), dtype=dtype).reshape(shape)
            outputs.append((fields[1], data))
        return outputs


def run_onnx(model, inputs):
    import onnxruntime as ort
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    feed = {}
    for k, i in enumerate(session.get_inputs()):
        array = inputs[i.name] if i.name in inputs else list(inputs.values())[k]
        shape = list(i.shape)
        # An ONNX model made from a Lite file keeps Lite's NHWC image inputs.
        if array.ndim == 4 and list(array.shape) != shape and list(array.transpose(0, 2, 3, 1).shape) == shape:
            array = np.ascontiguousarray(array.transpose(0, 2, 3, 1))
        feed[i.name] = array
    names = [o.name for o in session.get_outputs()]
    return list(zip(names, session.run(None, feed)))


def run(spec, inputs, notes):
    kind, path = spec.split(":", 1)
    if kind == "lite":
        return run_lite(path, inputs, notes)
    if kind == "onnx":
        return run_onnx(path, inputs)
    if kind == "npz":
        saved = np.load(path)
        return [(name, saved[name]) for name in saved.files]
    sys.exit("unknown model kind " + kind)


def main():
    if len(sys.argv) != 6 or sys.argv[1] != "compare" or sys.argv[4] != "--inputs":
        sys.exit(__doc__)
    loaded = np.load(sys.argv[5])
    inputs = {name: loaded[name] for name in loaded.files}
    notes = []
    a = run(sys.argv[2], inputs, notes)
    b = run(sys.argv[3], inputs, notes)
    if len(a) != len(b):
        sys.exit("%d outputs against %d" % (len(a), len(b)))
    report = []
    for k, ((an, av), (bn, bv)) in enumerate(zip(a, b)):
        entry = {"index": k, "a_name": an, "b_name": bn, "a_shape": list(av.shape), "b_shape": list(bv.shape)}
        if av.size == bv.size:
            x = av.astype(np.float64).reshape(-1)
            y = bv.astype(np.float64).reshape(bv.shape).reshape(-1)
            # NaN where both have NaN counts as equal; NaN on one side only as infinitely far.
            both = np.isnan(x) & np.isnan(y)
            diff = np.where(both, 0.0, np.abs(x - y))
            diff = np.where(np.isnan(diff), np.inf, diff)
            entry["max_abs"] = float(diff.max()) if diff.size else 0.0
            entry["max_rel"] = float((diff / np.maximum(np.abs(y), 1e-6)).max()) if diff.size else 0.0
            entry["bits_equal"] = bool(av.tobytes() == bv.tobytes())
        report.append(entry)
    for entry in report:
        for key in ("max_abs", "max_rel"):
            if key in entry and not np.isfinite(entry[key]):
                entry[key] = 1e308  # JSON has no infinity
    print(json.dumps({"inputs": notes, "outputs": report}))


if __name__ == "__main__":
    main()
