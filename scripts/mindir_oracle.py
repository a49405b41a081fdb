#!/usr/bin/env python3
"""MindSpore as the oracle for MindIR files: load one and run it.

    mindir_oracle.py run MODEL.mindir INPUTS.npz OUT.npz [--key HEX --mode MODE]
    mindir_oracle.py describe MODEL.mindir [--key HEX --mode MODE]

Loads MODEL with `mindspore.load` (decrypting with the key when given), runs it with
`nn.GraphCell` on the arrays input0, input1, ... of INPUTS.npz and writes output0, output1, ...
to OUT.npz. `describe` parses MODEL with MindSpore's own `mind_ir_pb2` (after MindSpore's
own decryption when a key is given) and prints header values, graph inputs, parameter count
and bytes (inline raw_data or external length) and the primitive each node calls, as JSON.
Exit 0 on success; a load or run failure prints the reason and exits 1.
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


def describe(model, key=None, mode="AES-GCM"):
    import collections
    import json
    from mindspore.train import mind_ir_pb2
    if key is not None:
        from mindspore.train.serialization import _decrypt
        data = _decrypt(model, key, len(key), mode)
        if data is None:
            raise RuntimeError("decryption failed")
        data = bytes(data)
    else:
        with open(model, "rb") as f:
            data = f.read()
    proto = mind_ir_pb2.ModelProto()
    proto.ParseFromString(data)
    kinds = {p.name: p.op_type for p in proto.primitives}
    ops = collections.Counter()
    for node in proto.graph.node:
        target = node.op_type[5:] if node.op_type.startswith("REF::") else node.op_type
        ops[kinds.get(target, target)] += 1
    params = proto.graph.parameter
    print(json.dumps({
        "ir_version": proto.ir_version, "producer_name": proto.producer_name,
        "model_version": proto.model_version,
        "mind_ir_version": proto.mind_ir_version if proto.HasField("mind_ir_version") else None,
        "graph_name": proto.graph.name,
        "inputs": [{"name": i.name, "dims": list(i.tensor[0].dims) if i.tensor else []} for i in proto.graph.input],
        "parameters": len(params),
        "parameter_names": [p.name.split(":", 1)[-1] for p in params],
        "parameter_bytes": sum(p.external_data.length if p.HasField("external_data") else len(p.raw_data) for p in params),
        "nodes": len(proto.graph.node),
        "ops": dict(ops),
    }))


def main(argv):
    if len(argv) >= 2 and argv[0] == "describe":
        key, mode = None, "AES-GCM"
        rest = argv[2:]
        while rest:
            flag = rest.pop(0)
            if flag == "--key":
                key = bytes.fromhex(rest.pop(0))
            elif flag == "--mode":
                mode = rest.pop(0)
        try:
            describe(argv[1], key, mode)
        except Exception as e:
            print(f"mindir_oracle: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
        return 0
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
