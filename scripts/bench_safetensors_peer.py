"""Peer for `bench safetensors`: times mindspore.ckpt_to_safetensors on one file, after imports.

Usage: bench_safetensors_peer.py IN.ckpt OUTDIR
Prints one JSON line {"seconds": ..., "hwm_kib": ..., "output": PATH}. Import time is excluded so that only
the conversion is compared; hwm_kib is the process's peak RSS (VmHWM) including the imports.
"""
import json
import os
import sys
import time

os.environ.setdefault("GLOG_v", "3")
import mindspore  # noqa: E402

path, outdir = sys.argv[1], sys.argv[2]
real_stdout = os.dup(1)
os.dup2(2, 1)
start = time.perf_counter()
mindspore.ckpt_to_safetensors(path, save_path=outdir)
elapsed = time.perf_counter() - start
os.dup2(real_stdout, 1)
hwm = 0
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
output = os.path.join(outdir, os.path.basename(path).replace(".ckpt", ".safetensors"))
print(json.dumps({"seconds": elapsed, "hwm_kib": hwm, "output": output}))
