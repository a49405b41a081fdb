#!/usr/bin/env python3
"""Peer for `bench infer`: onnxruntime (CPU execution provider) on the same model and inputs.

    bench_infer_peer.py MODEL INPUTS.npz OUT.npz REPS THREADS

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
options = ort.SessionOptions()
options.intra_op_num_threads = threads
options.inter_op_num_threads = 1
session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
given = np.load(inputs)
feeds = {i.name: given[f"input{k}"] for k, i in enumerate(session.get_inputs())}
results = session.run(None, feeds)
runs = []
for _ in range(reps):
    start = time.perf_counter()
    session.run(None, feeds)
    runs.append(time.perf_counter() - start)
np.savez(out, **{f"output{k}": r for k, r in enumerate(results)})
print(json.dumps({"seconds": statistics.median(runs), "runs": runs, "threads": threads}))
