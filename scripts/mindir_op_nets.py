#!/usr/bin/env python3
"""Small MindSpore networks, one or a few primitives each, for the MindIR lowering tests.

    mindir_op_nets.py list
    mindir_op_nets.py export OUTDIR [NAME ...]
        writes OUTDIR/NAME.mindir (ms.export), NAME.inputs.npz (seeded inputs, keys x0, x1, ...)
        and NAME.outputs.npz (what mindspore.load + nn.GraphCell gives on them, keys y0, y1, ...);
        prints one JSON line per network: {"name", "primitives"}
    mindir_op_nets.py check CASES.json
        CASES.json is a list of {"name", "candidate", "inputs", and "expected" (an .npz of
        outputs) or "reference" (a .mindir to run on the same inputs)}. Runs every candidate with
        mindspore.load + nn.GraphCell in this one process and prints one JSON line per case:
        {"name", "identical", "outputs", "shapes", "nonzero", "max_abs", "max_ulp"} or
        {"name", "error"} when MindSpore could not load or run it.

Arrays in .npz files are taken in numeric key order (x0, x1, ... or input0, input1, ...; y0 ... or
output0 ...), so the fixtures of scripts/mindir_nets.py work as they are.

Every network's inputs come from numpy's default_rng seeded with a fixed number, so a run is
reproducible. Used by Tests/ConvertTests/MindIRLowering*.swift; needs PyPI mindspore==2.10.0.
"""
import json
import os
import sys

os.environ.setdefault("GLOG_v", "3")

import numpy as np
import mindspore as ms
from mindspore import nn, ops, Tensor, Parameter

ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")


def weight(shape, seed, scale=0.5):
    rng = np.random.default_rng(seed)
    return Parameter(Tensor((rng.standard_normal(shape) * scale).astype(np.float32)), name=f"w{seed}")


class Conv(nn.Cell):
    def __init__(self, pad_mode="pad", pad=1, stride=1, dilation=1, group=1, cin=4, cout=6, k=3):
        super().__init__()
        self.conv = ops.Conv2D(cout, k, pad_mode=pad_mode, pad=pad, stride=stride, dilation=dilation, group=group)
        self.w = weight((cout, cin // group, k, k), 1)

    def construct(self, x):
        return self.conv(x, self.w)


class ConvBias(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv = ops.Conv2D(6, 3, pad_mode="valid")
        self.bias_add = ops.BiasAdd()
        self.w = weight((6, 4, 3, 3), 2)
        self.b = weight((6,), 3)

    def construct(self, x):
        return self.bias_add(self.conv(x, self.w), self.b)


class BN(nn.Cell):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2d(4)
        self.bn.gamma.set_data(Tensor(np.linspace(0.5, 1.5, 4).astype(np.float32)))
        self.bn.beta.set_data(Tensor(np.linspace(-0.2, 0.3, 4).astype(np.float32)))
        self.bn.moving_mean.set_data(Tensor(np.linspace(-0.1, 0.1, 4).astype(np.float32)))
        self.bn.moving_variance.set_data(Tensor(np.linspace(0.8, 1.3, 4).astype(np.float32)))
        self.bn.set_train(False)

    def construct(self, x):
        return self.bn(x)


class Unary(nn.Cell):
    def __init__(self, op):
        super().__init__()
        self.op = op

    def construct(self, x):
        return self.op(x)


class Binary(nn.Cell):
    def __init__(self, op):
        super().__init__()
        self.op = op

    def construct(self, x, y):
        return self.op(x, y)


class WithConst(nn.Cell):
    """op(x, *constants): shapes, axes, perms and the like as Python values."""

    def __init__(self, op, *args):
        super().__init__()
        self.op = op
        self.args = args

    def construct(self, x):
        return self.op(x, *self.args)


class LayerNormNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.ln = ops.LayerNorm(begin_norm_axis=-1, begin_params_axis=-1, epsilon=1e-5)
        self.g = weight((8,), 4)
        self.b = weight((8,), 5)

    def construct(self, x):
        return self.ln(x, self.g, self.b)[0]


class MatMulNet(nn.Cell):
    def __init__(self, ta=False, tb=False):
        super().__init__()
        self.mm = ops.MatMul(transpose_a=ta, transpose_b=tb)
        self.w = weight((6, 5) if tb else (5, 6), 6)
        self.ta = ta

    def construct(self, x):
        return self.mm(x, self.w)


class BatchMatMulNet(nn.Cell):
    def __init__(self, ta=False, tb=False):
        super().__init__()
        self.bmm = ops.BatchMatMul(transpose_a=ta, transpose_b=tb)

    def construct(self, x, y):
        return self.bmm(x, y)


class DenseNet(nn.Cell):
    def __init__(self, has_bias=True):
        super().__init__()
        self.dense = ops.Dense()
        self.w = weight((7, 5), 7)
        self.b = weight((7,), 8) if has_bias else None

    def construct(self, x):
        return self.dense(x, self.w, self.b)


class SplitNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.split = ops.Split(axis=1, output_num=3)

    def construct(self, x):
        a, b, c = self.split(x)
        return ops.Add()(ops.Mul()(a, b), c)


class SplitOutputs(nn.Cell):
    """Returns a tuple: the graph output is a MakeTuple of three tensors."""

    def __init__(self):
        super().__init__()
        self.split = ops.Split(axis=2, output_num=2)

    def construct(self, x):
        a, b = self.split(x)
        return ops.Sub()(a, b), a, ops.ReLU()(b)


class ConcatNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.concat = ops.Concat(axis=1)

    def construct(self, x, y):
        return self.concat((x, y))


class CastNet(nn.Cell):
    def construct(self, x):
        return ops.Cast()(ops.Cast()(x, ms.int32), ms.float32)


class GatherNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.gather = ops.Gather()
        self.table = weight((10, 4), 9)
        self.indices = Tensor(np.array([[1, 3], [9, 0]], dtype=np.int32))

    def construct(self, x):
        return ops.Add()(self.gather(self.table, self.indices, 0), x)


class OneHotNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.onehot = ops.OneHot(axis=-1)
        self.on = Tensor(1.0, ms.float32)
        self.off = Tensor(0.0, ms.float32)

    def construct(self, x, y):
        return ops.Add()(self.onehot(x, 5, self.on, self.off), y)


class DropoutNet(nn.Cell):
    """The Dropout primitive itself (nn.Dropout leaves none behind at inference); keep_prob 1
    is what an inference graph holds, so MindSpore's own run is the identity too."""

    def __init__(self):
        super().__init__()
        self.dropout = ops.Dropout(keep_prob=1.0)

    def construct(self, x):
        return ops.Add()(self.dropout(x)[0], x)


class PoolNet(nn.Cell):
    def __init__(self, op):
        super().__init__()
        self.pool = op

    def construct(self, x):
        return self.pool(x)


class MulsNet(nn.Cell):
    """A tensor times a Python float: MindSpore writes the Muls primitive."""

    def construct(self, x):
        return x * 0.375


class PReLUNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.prelu = ops.PReLU()
        self.w = weight((4,), 7)

    def construct(self, x):
        return self.prelu(x, self.w)


class Unsupported(nn.Cell):
    def construct(self, x):
        return ops.Sin()(x)


F32 = np.float32


def nets():
    """name -> (cell factory, [(shape, dtype, low, high)])."""
    img = [((2, 4, 7, 7), F32)]
    vec = [((3, 5), F32)]
    return {
        "conv_pad": (lambda: Conv("pad", 1), img),
        "conv_same_stride2": (lambda: Conv("same", 0, stride=2), img),
        "conv_valid_dilation2": (lambda: Conv("valid", 0, dilation=2), img),
        "conv_group2_pad_asym": (lambda: Conv("pad", (0, 1, 2, 3), group=2, cout=6), img),
        "conv_bias": (ConvBias, img),
        "batchnorm": (BN, img),
        "relu": (lambda: Unary(ops.ReLU()), vec),
        "relu6": (lambda: Unary(ops.ReLU6()), [((3, 5), F32, -8.0, 8.0)]),
        "sigmoid": (lambda: Unary(ops.Sigmoid()), vec),
        "tanh": (lambda: Unary(ops.Tanh()), vec),
        "gelu": (lambda: Unary(ops.GeLU()), vec),
        "fastgelu": (lambda: Unary(ops.FastGeLU()), vec),
        "softmax": (lambda: Unary(ops.Softmax(axis=-1)), vec),
        "softmax_axis0": (lambda: Unary(ops.Softmax(axis=0)), vec),
        "layernorm": (LayerNormNet, [((2, 3, 8), F32)]),
        "maxpool_valid": (lambda: PoolNet(ops.MaxPool(kernel_size=2, strides=2, pad_mode="valid")), img),
        "maxpool_same": (lambda: PoolNet(ops.MaxPool(kernel_size=3, strides=2, pad_mode="same")), img),
        "avgpool_valid": (lambda: PoolNet(ops.AvgPool(kernel_size=3, strides=1, pad_mode="valid")), img),
        "avgpool_same": (lambda: PoolNet(ops.AvgPool(kernel_size=2, strides=2, pad_mode="same")), img),
        "adaptive_avgpool": (lambda: PoolNet(ops.AdaptiveAvgPool2D((1, 1))), img),
        "reducemean": (lambda: WithConst(ops.ReduceMean(keep_dims=True), (2, 3)), img),
        "reducemean_nokeep": (lambda: WithConst(ops.ReduceMean(keep_dims=False), (1,)), img),
        "matmul": (lambda: MatMulNet(), vec),
        "matmul_tb": (lambda: MatMulNet(tb=True), vec),
        "batchmatmul": (lambda: BatchMatMulNet(), [((2, 3, 4), F32), ((2, 4, 5), F32)]),
        "batchmatmul_tb": (lambda: BatchMatMulNet(tb=True), [((2, 3, 4), F32), ((2, 5, 4), F32)]),
        "dense": (lambda: DenseNet(True), vec),
        "dense_nobias": (lambda: DenseNet(False), vec),
        "add": (lambda: Binary(ops.Add()), vec * 2),
        "sub": (lambda: Binary(ops.Sub()), vec * 2),
        "mul": (lambda: Binary(ops.Mul()), vec * 2),
        "realdiv": (lambda: Binary(ops.RealDiv()), [((3, 5), F32), ((3, 5), F32, 0.5, 2.0)]),
        "pow": (lambda: Binary(ops.Pow()), [((3, 5), F32, 0.1, 2.0), ((3, 5), F32)]),
        "sqrt": (lambda: Unary(ops.Sqrt()), [((3, 5), F32, 0.0, 4.0)]),
        "erf": (lambda: Unary(ops.Erf()), vec),
        "exp": (lambda: Unary(ops.Exp()), vec),
        "log": (lambda: Unary(ops.Log()), [((3, 5), F32, 0.1, 4.0)]),
        "neg": (lambda: Unary(ops.Neg()), vec),
        "abs": (lambda: Unary(ops.Abs()), vec),
        "reshape": (lambda: WithConst(ops.Reshape(), (2, 14, 14)), img),
        "transpose": (lambda: WithConst(ops.Transpose(), (0, 2, 3, 1)), img),
        "flatten": (lambda: Unary(ops.Flatten()), img),
        "concat": (ConcatNet, vec * 2),
        "split": (SplitNet, [((2, 6, 3), F32)]),
        "split_outputs": (SplitOutputs, [((2, 3, 4), F32)]),
        "squeeze": (lambda: Unary(ops.Squeeze(1)), [((3, 1, 5), F32)]),
        "expanddims": (lambda: WithConst(ops.ExpandDims(), 1), vec),
        "cast": (CastNet, [((3, 5), F32, -4.0, 4.0)]),
        "gather": (GatherNet, [((2, 2, 4), F32)]),
        "stridedslice": (lambda: WithConst(ops.StridedSlice(), (0, 1, 0, 1), (2, 4, 7, 6), (1, 2, 2, 1)), img),
        "onehot": (OneHotNet, [((3,), np.int32, 0, 5), ((3, 5), F32)]),
        "dropout": (DropoutNet, vec),
        "unsupported_sin": (Unsupported, vec),
        "hswish": (lambda: Unary(ops.HSwish()), [((3, 5), F32, -5.0, 5.0)]),
        "hsigmoid": (lambda: Unary(ops.HSigmoid()), [((3, 5), F32, -5.0, 5.0)]),
        "maximum": (lambda: Binary(ops.Maximum()), vec * 2),
        "minimum": (lambda: Binary(ops.Minimum()), vec * 2),
        "tile": (lambda: WithConst(ops.Tile(), (2, 1, 3)), [((1, 3, 5), F32)]),
        "muls": (MulsNet, vec),
        "div": (lambda: Binary(ops.Div()), [((3, 5), F32), ((3, 5), F32, 0.5, 2.0)]),
        "prelu": (PReLUNet, [((2, 4, 5, 5), F32)]),
        "mirrorpad": (lambda: nn.Pad(((0, 0), (0, 0), (1, 2), (2, 1)), mode="REFLECT"), [((1, 2, 5, 5), F32)]),
        "resize_nearest": (lambda: Unary(ops.ResizeNearestNeighbor((7, 9))), [((1, 2, 5, 7), F32)]),
        "resize_nearest_align": (lambda: Unary(ops.ResizeNearestNeighbor((7, 9), align_corners=True)), [((1, 2, 5, 7), F32)]),
        "floor": (lambda: Unary(ops.Floor()), [((3, 5), F32, -4.0, 4.0)]),
        "reciprocal": (lambda: Unary(ops.Reciprocal()), [((3, 5), F32, 0.25, 4.0)]),
        "softplus": (lambda: Unary(ops.Softplus()), vec),
        "elu": (lambda: Unary(ops.Elu()), vec),
        "logsoftmax": (lambda: Unary(ops.LogSoftmax(axis=0)), vec),
        "rsqrt": (lambda: Unary(ops.Rsqrt()), [((3, 5), F32, 0.25, 4.0)]),
        "square": (lambda: Unary(ops.Square()), vec),
        "silu": (lambda: nn.SiLU(), vec),
        "mish": (lambda: Unary(ops.Mish()), vec),
        "conv_transpose_same": (lambda: nn.Conv2dTranspose(4, 3, 3, stride=2, pad_mode="same"), img),
        "conv_transpose_pad": (lambda: nn.Conv2dTranspose(4, 6, 3, stride=2, pad_mode="pad", padding=1, group=2), img),
        "conv_transpose_valid": (lambda: nn.Conv2dTranspose(4, 2, (2, 3), stride=(1, 2), pad_mode="valid", dilation=(2, 1)), img),
        "stridedslice_masks": (
            lambda: WithConst(ops.StridedSlice(begin_mask=1, end_mask=2, shrink_axis_mask=4), (1, 1, 2), (2, 2, 3), (1, 1, 1)),
            [((3, 4, 5), F32)]),
    }


def make_inputs(specs, seed):
    rng = np.random.default_rng(seed)
    arrays = []
    for spec in specs:
        shape, dtype = spec[0], spec[1]
        low, high = (spec[2], spec[3]) if len(spec) > 2 else (-2.0, 2.0)
        if np.issubdtype(dtype, np.integer):
            arrays.append(rng.integers(int(low), int(high), size=shape).astype(dtype))
        else:
            arrays.append(rng.uniform(low, high, size=shape).astype(dtype))
    return arrays


def run(path, arrays, key=None, mode="AES-GCM"):
    kwargs = {}
    if key:
        kwargs = {"dec_key": bytes.fromhex(key), "dec_mode": mode}
    graph = ms.load(path, **kwargs)
    cell = nn.GraphCell(graph)
    out = cell(*[Tensor(a) for a in arrays])
    if not isinstance(out, (tuple, list)):
        out = (out,)
    return [o.asnumpy() for o in out]


def primitives(path):
    from mindspore.train import mind_ir_pb2
    model = mind_ir_pb2.ModelProto()
    with open(path, "rb") as f:
        model.ParseFromString(f.read())
    return sorted({p.op_type for p in model.primitives})


def export(outdir, names):
    os.makedirs(outdir, exist_ok=True)
    table = nets()
    for index, name in enumerate(names or table):
        factory, specs = table[name]
        net = factory()
        net.set_train(False)
        arrays = make_inputs(specs, 20260 + index)
        stem = os.path.join(outdir, name)
        ms.export(net, *[Tensor(a) for a in arrays], file_name=stem, file_format="MINDIR")
        np.savez(stem + ".inputs.npz", **{f"x{i}": a for i, a in enumerate(arrays)})
        if name.startswith("unsupported"):
            outputs = []
        else:
            outputs = run(stem + ".mindir", arrays)
        np.savez(stem + ".outputs.npz", **{f"y{i}": o for i, o in enumerate(outputs)})
        print(json.dumps({"name": name, "primitives": primitives(stem + ".mindir")}), flush=True)


def ulp_distance(a, b):
    if a.dtype != np.float32:
        return 0 if np.array_equal(a, b) else -1
    ia = a.view(np.int32).astype(np.int64)
    ib = b.view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return int(np.max(np.abs(ia - ib))) if a.size else 0


def ordered(path, prefixes):
    data = np.load(path)
    keys = [k for k in data.files if k.rstrip("0123456789") in prefixes]
    keys.sort(key=lambda k: int(k[len(k.rstrip("0123456789")):]))
    return [data[k] for k in keys]


def compare(a, b):
    same_shapes = len(a) == len(b) and all(x.shape == y.shape and x.dtype == y.dtype for x, y in zip(a, b))
    report = {
        "outputs": len(b),
        "identical": same_shapes and all(x.tobytes() == y.tobytes() for x, y in zip(a, b)),
        "shapes": [list(x.shape) for x in b],
        "nonzero": int(sum(np.count_nonzero(x) for x in b)),
        "max_abs": float(max((np.max(np.abs(x.astype(np.float64) - y.astype(np.float64))) if x.size else 0.0)
                             for x, y in zip(a, b))) if same_shapes and a else None,
        "max_ulp": max(ulp_distance(x, y) for x, y in zip(a, b)) if same_shapes and a else None,
    }
    return report


def check(cases_path):
    with open(cases_path) as f:
        cases = json.load(f)
    for case in cases:
        try:
            arrays = ordered(case["inputs"], ("x", "input"))
            if "expected" in case:
                expected = ordered(case["expected"], ("y", "output"))
            else:
                expected = run(case["reference"], arrays)
            report = compare(expected, run(case["candidate"], arrays))
        except Exception as e:  # reported to the test, which fails on it
            report = {"error": f"{type(e).__name__}: {e}"[:2000]}
        report["name"] = case["name"]
        print(json.dumps(report), flush=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == "list":
        print("\n".join(nets()))
    elif len(argv) >= 3 and argv[1] == "export":
        export(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] == "check":
        check(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
