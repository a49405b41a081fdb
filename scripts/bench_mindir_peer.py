"""Peer for `bench mindir`: makes the benchmark model with MindSpore and times mindspore.load.

  bench_mindir_peer.py make PATH MIB SEED   exports a chain of Dense layers holding about MIB MiB
                                            of seeded float32 weights to PATH (.mindir); prints
                                            {"path", "parameters", "bytes"}
  bench_mindir_peer.py load PATH            {"seconds", "hwm_kib"} for mindspore.load(PATH)
Import time is excluded so that only the load itself is compared. Above 1 GiB of weights
MindSpore writes the split layout (PATH without .mindir + "_graph.mindir" and "_variables/").
"""
import json
import os
import sys
import time

os.environ.setdefault("GLOG_v", "3")

import numpy as np  # noqa: E402
import mindspore as ms  # noqa: E402
from mindspore import Tensor, nn  # noqa: E402


def make(path, mib, seed):
    ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
    width = 2048
    per_layer = width * width * 4
    layers = max(1, -(-mib * 1024 * 1024 // per_layer))
    rng = np.random.default_rng(seed)
    cells = []
    for _ in range(layers):
        w = (rng.standard_normal((width, width), dtype=np.float32) * 0.01).astype(np.float32)
        b = np.zeros((width,), np.float32)
        cells.append(nn.Dense(width, width, weight_init=Tensor(w), bias_init=Tensor(b)))
    net = nn.SequentialCell(cells)
    net.set_train(False)
    x = Tensor(np.zeros((1, width), np.float32))
    ms.export(net, x, file_name=path, file_format="MINDIR")
    total = layers * (per_layer + width * 4)
    print(json.dumps({"path": path, "parameters": 2 * layers, "bytes": total}))


def load(path):
    start = time.perf_counter()
    graph = ms.load(path)
    elapsed = time.perf_counter() - start
    assert graph is not None
    # VmHWM starts afresh at exec; ru_maxrss would include the spawning parent's memory.
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print(json.dumps({"seconds": elapsed, "hwm_kib": hwm}))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 3 and sys.argv[1] == "load":
        load(sys.argv[2])
    else:
        raise SystemExit(__doc__)
    sys.stdout.flush()
    os._exit(0)
