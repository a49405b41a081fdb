"""Peer for `bench onnx`: times onnx.load / onnx.save on one model, after imports.

  bench_onnx_peer.py load MODEL        {"seconds", "initializers", "max_rss_kib"}
  bench_onnx_peer.py save MODEL OUT    {"seconds"} for onnx.save of the loaded model
Import time is excluded so that only the work itself is compared.
"""
import json
import sys
import time

import onnx

mode, path = sys.argv[1], sys.argv[2]
if mode == "load":
    start = time.perf_counter()
    model = onnx.load(path)
    count = len(model.graph.initializer)
    elapsed = time.perf_counter() - start
    # VmHWM starts afresh at exec; ru_maxrss would include the spawning parent's memory.
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print(json.dumps({"seconds": elapsed, "initializers": count, "hwm_kib": hwm}))
else:
    model = onnx.load(path)
    start = time.perf_counter()
    onnx.save(model, sys.argv[3])
    print(json.dumps({"seconds": time.perf_counter() - start}))
