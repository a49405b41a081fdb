#!/usr/bin/env python3
"""MindSpore as the oracle for MindIR files: load one and run it.

    mindir_oracle.py run MODEL.mindir INPUTS.npz OUT.npz [--key HEX --mode MODE]

Loads MODEL with `mindspore.load` (decrypting with the key when given), runs it with
`nn.GraphCell` on the arrays input0, input1, ... of INPUTS.npz and writes output0, output1, ...
to OUT.npz. Exit 0 on success; a load or run failure prints the reason and exits 1.
"""
import os
import sys

os.environ.setdefault("GLOG_v", "3")
os.environ.setdefault("GLOG_logtostderr", "1")

import numpy as np  # noqa: E402
import mindspore as ms  # noqa: E402
from mindspore import Tensor, nn  # noqa: E402


def flatten(value):
    if isinstance(value, (tuple, list)):
        out = []
        for v in value:
            out += flatten(v)
        return out
    return [value]


def run(model, inputs_path, out_path, key=None, mode="AES-GCM"):
    ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
    graph = ms.load(model, dec_key=key, dec_mode=mode) if key is not None else ms.load(model)
    cell = nn.GraphCell(graph)
    data = np.load(inputs_path)
    names = sorted((k for k in data.files if k.startswith("input")), key=lambda k: int(k[5:]))
    outputs = flatten(cell(*[Tensor(data[k]) for k in names]))
    np.savez(out_path, **{f"output{i}": o.asnumpy() for i, o in enumerate(outputs)})


def main(argv):
    if len(argv) < 4 or argv[0] != "run":
        raise SystemExit(__doc__)
    key, mode = None, "AES-GCM"
    rest = argv[4:]
    while rest:
        flag = rest.pop(0)
        if flag == "--key":
            key = bytes.fromhex(rest.pop(0))
        elif flag == "--mode":
            mode = rest.pop(0)
        else:
            raise SystemExit(f"unknown flag {flag}")
    try:
        run(argv[1], argv[2], argv[3], key, mode)
    except Exception as e:  # the caller reads the reason
        print(f"mindir_oracle: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
