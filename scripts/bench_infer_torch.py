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


def compile_node(node):
    """The node as a function of its operands, with its attributes read once, here."""
    a = attributes(node)
    op = node.op_type
    if op == "Conv":
        rank = len(a["kernel_shape"]) if "kernel_shape" in a else 2
        if rank != 2:
            raise SystemExit(json.dumps({"error": f"Conv of rank {rank} is not handled"}))
        stride, dilation, group = tuple(a.get("strides", [1, 1])), tuple(a.get("dilations", [1, 1])), a.get("group", 1)
        padding = conv_padding(a.get("pads", [0] * 4), 2)
        return lambda x: F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=stride, padding=padding,
                                  dilation=dilation, groups=group)
    if op == "BatchNormalization":
        eps = a.get("epsilon", 1e-5)
        return lambda x: F.batch_norm(x[0], x[3], x[4], x[1], x[2], training=False, eps=eps)
    if op == "Relu":
        return lambda x: torch.relu(x[0])
    if op == "Clip":
        return lambda x: torch.clamp(x[0], x[1] if len(x) > 1 else None, x[2] if len(x) > 2 else None)
    if op == "MaxPool":
        k = tuple(a["kernel_shape"])
        stride, padding = tuple(a.get("strides", [1] * len(k))), conv_padding(a.get("pads", [0] * 2 * len(k)), len(k))
        return lambda x: F.max_pool2d(x[0], k, stride=stride, padding=padding)
    if op == "GlobalAveragePool":
        return lambda x: torch.mean(x[0], dim=tuple(range(2, x[0].dim())), keepdim=True)
    if op == "Flatten":
        axis = a.get("axis", 1)
        return lambda x: torch.flatten(x[0], start_dim=axis)
    if op == "Gemm":
        trans_a, trans_b, alpha, beta = a.get("transA", 0), a.get("transB", 0), a.get("alpha", 1.0), a.get("beta", 1.0)
        if alpha != 1.0 or beta != 1.0:
            raise SystemExit(json.dumps({"error": "Gemm with alpha or beta other than 1 is not handled"}))

        def gemm(x):
            left = x[0].t() if trans_a else x[0]
            right = x[1].t() if trans_b else x[1]
            return torch.addmm(x[2], left, right) if len(x) > 2 else left @ right
        return gemm
    if op == "MatMul":
        return lambda x: torch.matmul(x[0], x[1])
    if op == "Add":
        return lambda x: x[0] + x[1]
    if op == "Mul":
        return lambda x: x[0] * x[1]
    if op == "Reshape":
        return lambda x: torch.reshape(x[0], x[1])
    if op == "Transpose":
        perm = tuple(a["perm"])
        return lambda x: x[0].permute(perm)
    if op == "Softmax":
        axis = a.get("axis", -1)
        return lambda x: torch.softmax(x[0], dim=axis)
    if op == "LayerNormalization":
        axis, eps = a.get("axis", -1), a.get("epsilon", 1e-5)
        return lambda x: F.layer_norm(x[0], x[0].shape[axis % x[0].dim():], x[1], x[2] if len(x) > 2 else None, eps=eps)
    if op == "Gelu":
        approximate = a.get("approximate", b"none").decode()
        return lambda x: F.gelu(x[0], approximate=approximate)
    print(json.dumps({"error": f"the PyTorch peer has no rule for {op} (node {node.name})"}))
    sys.exit(3)


# Shape operands (Reshape's target) stay on the host; every other initializer lives on the device.
host_only = {n.input[1] for n in graph.node if n.op_type == "Reshape"}
weights = {}
for t in graph.initializer:
    array = numpy_helper.to_array(t)
    weights[t.name] = tuple(int(d) for d in array) if t.name in host_only else torch.from_numpy(array.copy()).to(device)
program = [(compile_node(n), list(n.input), n.output[0]) for n in graph.node]
graph_inputs = [i.name for i in graph.input if i.name not in weights]
given = np.load(inputs_path)
feeds = [given[f"input{k}"] for k in range(len(graph_inputs))]


@torch.inference_mode()
def infer():
    values = dict(weights)
    for name, array in zip(graph_inputs, feeds):
        values[name] = torch.from_numpy(array).to(device)
    for run, operands, output in program:
        values[output] = run([values[i] if i else None for i in operands])
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
