"""Peer for `bench ckpt`: times mindspore.load_checkpoint on one file, after imports.

Prints one JSON line {"seconds": ..., "tensors": ...}. Import time is excluded so that only the
loading work is compared.
"""
import json
import os
import sys
import time

os.environ.setdefault("GLOG_v", "3")
import mindspore  # noqa: E402

path = sys.argv[1]
start = time.perf_counter()
params = mindspore.load_checkpoint(path)
names = [(name, str(p.dtype), tuple(p.shape)) for name, p in params.items()]
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "tensors": len(names)}))
