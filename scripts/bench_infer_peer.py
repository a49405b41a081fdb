#!/usr/bin/env python3
"""Peer for `bench infer`: onnxruntime on the same model and inputs.

    bench_infer_peer.py MODEL INPUTS.npz OUT.npz REPS THREADS [PROVIDER]

PROVIDER is cpu (the default: CPUExecutionProvider) or cuda (CUDAExecutionProvider alone, so that
no op silently runs on the CPU); where this onnxruntime lacks the provider it prints a JSON error
and exits 3. The CUDA provider is asked for full float32 arithmetic (use_tf32 0), as mshub's cuda
backend computes; "tf32" in the JSON says whether that was accepted ("off") or the provider's
default stood ("default").

One warm-up run, then REPS timed runs; prints {"seconds": median, "runs": [...]} and writes the
outputs (output0, output1, ...) to OUT.npz for the accuracy check.
"""
import json
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort

model, inputs, out, reps, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
provider = sys.argv[6] if len(sys.argv) > 6 else "cpu"
names = {"cpu": "CPUExecutionProvider", "cuda": "CUDAExecutionProvider"}
if provider not in names:
    sys.exit(f"bench_infer_peer.py: PROVIDER must be cpu or cuda, not {provider!r}")
if names[provider] not in ort.get_available_providers():
    print(json.dumps({"error": f"onnxruntime {ort.__version__} has no {names[provider]} "
                               f"(available: {', '.join(ort.get_available_providers())}); "
                               "the onnxruntime-gpu package provides it"}))
    sys.exit(3)
options = ort.SessionOptions()
options.intra_op_num_threads = threads
options.inter_op_num_threads = 1
tf32 = None
if provider == "cuda":
    try:
        session = ort.InferenceSession(model, options, providers=[(names[provider], {"use_tf32": "0"})])
        tf32 = "off"
    except Exception:  # an onnxruntime without the option
        session = ort.InferenceSession(model, options, providers=[names[provider]])
        tf32 = "default"
else:
    session = ort.InferenceSession(model, options, providers=[names[provider]])
if session.get_providers()[0] != names[provider]:
    print(json.dumps({"error": f"onnxruntime did not start {names[provider]}: it uses {session.get_providers()}"}))
    sys.exit(3)
given = np.load(inputs)
feeds = {i.name: given[f"input{k}"] for k, i in enumerate(session.get_inputs())}
results = session.run(None, feeds)
runs = []
for _ in range(reps):
    start = time.perf_counter()
    session.run(None, feeds)
    runs.append(time.perf_counter() - start)
np.savez(out, **{f"output{k}": r for k, r in enumerate(results)})
report = {"seconds": statistics.median(runs), "runs": runs, "threads": threads, "provider": names[provider]}
if tf32 is not None:
    report["tf32"] = tf32
print(json.dumps(report))
