#!/usr/bin/env python3
"""Oracle for the ONNX tests: what the onnx library and onnxruntime say about model files.

  onnx_oracle.py run MODEL [MODEL...] --seed N   run every model in onnxruntime on the same seeded
                                                 inputs; print {"outputs": [[sha256 per output]...]}
  onnx_oracle.py infer MODEL IN.npz OUT.npz      run MODEL in onnxruntime on IN.npz's arrays (input0, input1, ...
                                                 in graph input order); write output0, output1, ... to OUT.npz
  onnx_oracle.py check < PATHS                   onnx.checker.check_model on every path read from stdin;
                                                 print {path: "ok" or the checker's first line}
  onnx_oracle.py load MODEL                      onnx.load(load_external_data=True) + checker; print
                                                 {"checker": ok|msg, "initializers": {name: sha256 of raw bytes}}
"""
import hashlib
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def digest(array) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def infer(path, inputs, outputs):
    import onnxruntime as ort
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    given = np.load(inputs)
    feeds = {i.name: given[f"input{k}"] for k, i in enumerate(session.get_inputs())}
    results = session.run(None, feeds)
    np.savez(outputs, **{f"output{k}": r for k, r in enumerate(results)})


def run(paths, seed):
    import onnxruntime as ort
    results = []
    feeds = None
    for path in paths:
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        if feeds is None:
            rng = np.random.default_rng(seed)
            feeds = {}
            for i in session.get_inputs():
                shape = [d if isinstance(d, int) else 1 for d in i.shape]
                feeds[i.name] = rng.standard_normal(shape).astype(np.float32)
        outputs = session.run(None, feeds)
        results.append([digest(o) for o in outputs])
    print(json.dumps({"outputs": results}))


def load(path):
    model = onnx.load(path, load_external_data=True)
    try:
        onnx.checker.check_model(path)
        verdict = "ok"
    except Exception as error:  # the checker's message is the verdict
        verdict = str(error).splitlines()[0]
    inits = {t.name: hashlib.sha256(numpy_helper.to_array(t).tobytes()).hexdigest() for t in model.graph.initializer}
    print(json.dumps({"checker": verdict, "initializers": inits}))


def check_all(paths):
    verdicts = {}
    for path in paths:
        try:
            onnx.checker.check_model(path)
            verdicts[path] = "ok"
        except Exception as error:
            verdicts[path] = (str(error).splitlines() or ["failed"])[0]
    print(json.dumps(verdicts))


if sys.argv[1] == "check":
    check_all([line.strip() for line in sys.stdin if line.strip()])
elif sys.argv[1] == "run":
    args = sys.argv[2:]
    seed = int(args[args.index("--seed") + 1])
    run([a for i, a in enumerate(args) if a != "--seed" and (i == 0 or args[i - 1] != "--seed")], seed)
elif sys.argv[1] == "load":
    load(sys.argv[2])
elif sys.argv[1] == "infer":
    infer(sys.argv[2], sys.argv[3], sys.argv[4])
else:
    sys.exit("usage: onnx_oracle.py run MODEL... --seed N | load MODEL")
