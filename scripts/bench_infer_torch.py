#!/usr/bin/env python3
"""GPU peer for `bench infer` where onnxruntime has no CUDA execution provider: PyTorch.

    bench_infer_torch.py MODEL INPUTS.npz OUT.npz REPS THREADS [DEVICE]

The ONNX graph is run node by node with PyTorch operators (eager mode, cuDNN and cuBLAS on
DEVICE, default cuda), which is what a PyTorch user would run. Only the operators of the bench's
models are known here; any other op stops the run with exit 3, naming it. TF32 is turned off, so
the arithmetic is float32 as mshub's cuda backend computes; cuDNN may pick its fastest algorithm
(benchmark mode, settled during the warm-up run).

Each timed run includes copying the inputs to the device and the outputs back, as onnxruntime's
and mshub's timings do. One warm-up run, then REPS timed runs; prints {"seconds": median, ...}
and writes the outputs (output0, output1, ...) to OUT.npz.
"""
import json
import statistics
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F

model_path, inputs_path, out, reps, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
device = torch.device(sys.argv[6] if len(sys.argv) > 6 else "cuda")
if device.type == "cuda" and not torch.cuda.is_available():
    print(json.dumps({"error": "PyTorch sees no CUDA device"}))
    sys.exit(3)
torch.set_num_threads(threads)
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.backends.cudnn.benchmark = True

model = onnx.load(model_path)
graph = model.graph


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv_padding(pads, rank):
    begin, end = pads[:rank], pads[rank:]
    if begin != end:
        raise SystemExit(json.dumps({"error": f"asymmetric pads {pads} are not handled"}))
    return tuple(begin)


def run_node(node, x):
    a = attributes(node)
    op = node.op_type
    if op == "Conv":
        w = x[1]
        rank = w.dim() - 2
        bias = x[2] if len(x) > 2 else None
        pads = a.get("pads", [0] * 2 * rank)
        return F.conv2d(x[0], w, bias, stride=tuple(a.get("strides", [1] * rank)), padding=conv_padding(pads, rank),
                        dilation=tuple(a.get("dilations", [1] * rank)), groups=a.get("group", 1))
    if op == "BatchNormalization":
        return F.batch_norm(x[0], x[3], x[4], x[1], x[2], training=False, eps=a.get("epsilon", 1e-5))
    if op == "Relu":
        return torch.relu(x[0])
    if op == "Clip":
        low = x[1] if len(x) > 1 and x[1] is not None else None
        high = x[2] if len(x) > 2 and x[2] is not None else None
        return torch.clamp(x[0], low, high)
    if op == "MaxPool":
        k = a["kernel_shape"]
        return F.max_pool2d(x[0], tuple(k), stride=tuple(a.get("strides", [1] * len(k))),
                            padding=conv_padding(a.get("pads", [0] * 2 * len(k)), len(k)))
    if op == "GlobalAveragePool":
        return torch.mean(x[0], dim=tuple(range(2, x[0].dim())), keepdim=True)
    if op == "Flatten":
        return torch.flatten(x[0], start_dim=a.get("axis", 1))
    if op == "Gemm":
        left = x[0].t() if a.get("transA", 0) else x[0]
        right = x[1].t() if a.get("transB", 0) else x[1]
        y = a.get("alpha", 1.0) * (left @ right)
        return y + a.get("beta", 1.0) * x[2] if len(x) > 2 else y
    if op == "MatMul":
        return torch.matmul(x[0], x[1])
    if op == "Add":
        return x[0] + x[1]
    if op == "Mul":
        return x[0] * x[1]
    if op == "Reshape":
        return torch.reshape(x[0], [int(d) for d in x[1].tolist()])
    if op == "Transpose":
        return x[0].permute(*a["perm"])
    if op == "Softmax":
        return torch.softmax(x[0], dim=a.get("axis", -1))
    if op == "LayerNormalization":
        axis = a.get("axis", -1) % x[0].dim()
        return F.layer_norm(x[0], x[0].shape[axis:], x[1], x[2] if len(x) > 2 else None, eps=a.get("epsilon", 1e-5))
    if op == "Gelu":
        return F.gelu(x[0], approximate=a.get("approximate", b"none").decode())
    print(json.dumps({"error": f"the PyTorch peer has no rule for {op} (node {node.name})"}))
    sys.exit(3)


# Shape operands (Reshape's target) stay on the host; every other initializer lives on the device.
host_only = {n.input[1] for n in graph.node if n.op_type == "Reshape"}
weights = {}
for t in graph.initializer:
    array = torch.from_numpy(numpy_helper.to_array(t).copy())
    weights[t.name] = array if t.name in host_only else array.to(device)
graph_inputs = [i.name for i in graph.input if i.name not in weights]
given = np.load(inputs_path)
feeds = [given[f"input{k}"] for k in range(len(graph_inputs))]


@torch.inference_mode()
def infer():
    values = dict(weights)
    for name, array in zip(graph_inputs, feeds):
        values[name] = torch.from_numpy(array).to(device)
    for node in graph.node:
        operands = [values[i] if i else None for i in node.input]
        values[node.output[0]] = run_node(node, operands)
    results = [values[o.name].cpu().numpy() for o in graph.output]
    if device.type == "cuda":
        torch.cuda.synchronize()
    return results


results = infer()
runs = []
for _ in range(reps):
    start = time.perf_counter()
    infer()
    runs.append(time.perf_counter() - start)
np.savez(out, **{f"output{k}": r for k, r in enumerate(results)})
report = {"seconds": statistics.median(runs), "runs": runs, "threads": threads,
          "provider": f"PyTorch {torch.__version__} eager on {device.type}", "tf32": "off"}
print(json.dumps(report))
