#!/usr/bin/env python3
"""Blocks of the networks people publish on the hub, built and exported by MindSpore, for the
end-to-end tests of `mshub run` and `mshub convert` on MindIR.

    zoo_nets.py export OUTDIR [NAME ...]
        writes OUTDIR/NAME.mindir (ms.export), NAME.inputs.npz (key "x") and NAME.outputs.npz
        (key "y": what MindSpore's own network computed on those inputs)
    zoo_nets.py compare OUTPUTS.npz|OUTPUT.npy EXPECTED.npz RTOL ATOL
        exit 0 when the first array of the first file matches EXPECTED's "y" (numpy allclose)
    zoo_nets.py ort MODEL.onnx INPUTS.npz EXPECTED.npz RTOL ATOL
        runs the ONNX file in onnxruntime (CPU) on "x" and compares as `compare` does

NAME is one of mobilenetv2_block (expand, depthwise, project with ReLU6 and BatchNorm, a
residual, global mean, dense), mobilenetv3_se (HSwish, squeeze-excitation with HSigmoid,
adaptive and plain average pooling), vit_block (patch conv, class token by Tile, learned
positions, LayerNorm, two-head attention by BatchMatMul, exact GELU, class-token slice) and
unet_up (LeakyReLU, nearest upsampling, skip concat, PReLU, REFLECT padding, Sigmoid).
Weights and inputs come from numpy generators with fixed seeds.
"""
import os
import sys

os.environ.setdefault("GLOG_v", "3")

import numpy as np  # noqa: E402


def networks():
    import mindspore as ms
    from mindspore import Tensor, nn, ops

    class MobileNetV2Block(nn.Cell):
        def __init__(self, c=8, e=4):
            super().__init__()
            self.expand = nn.Conv2d(c, c * e, 1, has_bias=False)
            self.bn1 = nn.BatchNorm2d(c * e)
            self.dw = nn.Conv2d(c * e, c * e, 3, group=c * e, pad_mode="pad", padding=1, has_bias=False)
            self.bn2 = nn.BatchNorm2d(c * e)
            self.project = nn.Conv2d(c * e, c, 1, has_bias=False)
            self.bn3 = nn.BatchNorm2d(c)
            self.act = nn.ReLU6()
            self.mean = ops.ReduceMean(keep_dims=False)
            self.fc = nn.Dense(c, 10)

        def construct(self, x):
            y = self.act(self.bn1(self.expand(x)))
            y = self.act(self.bn2(self.dw(y)))
            y = self.bn3(self.project(y))
            return self.fc(self.mean(x + y, (2, 3)))

    class MobileNetV3SE(nn.Cell):
        def __init__(self, c=8):
            super().__init__()
            self.conv = nn.Conv2d(3, c, 3, stride=2, pad_mode="same")
            self.hswish = nn.HSwish()
            self.gap = nn.AdaptiveAvgPool2d(1)
            self.squeeze = nn.Conv2d(c, 4, 1)
            self.excite = nn.Conv2d(4, c, 1)
            self.hsigmoid = nn.HSigmoid()
            self.relu = nn.ReLU()
            self.pool = nn.AvgPool2d(2, 2)
            self.flatten = nn.Flatten()
            self.head = nn.Dense(c * 4 * 4, 5)

        def construct(self, x):
            y = self.hswish(self.conv(x))
            gate = self.hsigmoid(self.excite(self.relu(self.squeeze(self.gap(y)))))
            return self.head(self.flatten(self.pool(y * gate)))

    class ViTBlock(nn.Cell):
        def __init__(self, d=16, heads=2):
            super().__init__()
            self.patch = nn.Conv2d(3, d, 4, stride=4, has_bias=True)
            self.cls = ms.Parameter(Tensor(np.zeros((1, 1, d), np.float32)), name="cls")
            self.pos = ms.Parameter(Tensor(np.zeros((1, 17, d), np.float32)), name="pos")
            self.ln1 = nn.LayerNorm((d,))
            self.ln2 = nn.LayerNorm((d,))
            self.qkv = nn.Dense(d, 3 * d)
            self.out = nn.Dense(d, d)
            self.up = nn.Dense(d, 2 * d)
            self.down = nn.Dense(2 * d, d)
            self.gelu = nn.GELU(approximate=False)
            self.softmax = nn.Softmax(-1)
            self.bmm = ops.BatchMatMul()
            self.bmm_t = ops.BatchMatMul(transpose_b=True)
            self.head = nn.Dense(d, 3)
            self.d = d
            self.heads = heads

        def split_heads(self, a, b):
            return a.reshape(b, 17, self.heads, self.d // self.heads).transpose(0, 2, 1, 3)

        def construct(self, x):
            b = x.shape[0]
            t = self.patch(x).reshape(b, self.d, 16).transpose(0, 2, 1)
            t = ops.concat((ops.tile(self.cls, (b, 1, 1)), t), 1) + self.pos
            q, k, v = ops.split(self.qkv(self.ln1(t)), self.d, 2)
            scores = self.bmm_t(self.split_heads(q, b), self.split_heads(k, b)) * (1.0 / (self.d // self.heads) ** 0.5)
            a = self.bmm(self.softmax(scores), self.split_heads(v, b)).transpose(0, 2, 1, 3).reshape(b, 17, self.d)
            t = t + self.out(a)
            t = t + self.down(self.gelu(self.up(self.ln2(t))))
            return self.head(t[:, 0])

    class UNetUp(nn.Cell):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(3, 4, 3)
            self.c2 = nn.Conv2d(4, 8, 3, stride=2)
            self.upsample = ops.ResizeNearestNeighbor((16, 16))
            self.c3 = nn.Conv2d(12, 4, 3)
            self.lrelu = nn.LeakyReLU(0.1)
            self.prelu = nn.PReLU(4)
            self.sigmoid = nn.Sigmoid()
            self.pad = nn.Pad(((0, 0), (0, 0), (1, 1), (1, 1)), mode="REFLECT")

        def construct(self, x):
            a = self.lrelu(self.c1(x))
            b = self.prelu(self.c3(ops.concat((a, self.upsample(self.c2(a))), 1)))
            return self.sigmoid(self.pad(b))

    return {
        "mobilenetv2_block": (MobileNetV2Block, (1, 8, 16, 16)),
        "mobilenetv3_se": (MobileNetV3SE, (2, 3, 16, 16)),
        "vit_block": (ViTBlock, (2, 3, 16, 16)),
        "unet_up": (UNetUp, (1, 3, 16, 16)),
    }


def export(outdir, names):
    import mindspore as ms
    from mindspore import Tensor

    ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
    table = networks()
    os.makedirs(outdir, exist_ok=True)
    for index, name in enumerate(names or sorted(table)):
        cls, shape = table[name]
        net = cls()
        rng = np.random.default_rng(20261130 + index)
        for p in net.get_parameters():
            value = rng.standard_normal(p.shape).astype(np.float32) * 0.2
            # BatchNorm variances and scales stay positive, as trained ones are.
            if "variance" in p.name or "gamma" in p.name:
                value = np.abs(value) + 0.5
            p.set_data(Tensor(value))
        net.set_train(False)
        x = np.random.default_rng(7 + index).standard_normal(shape).astype(np.float32)
        y = net(Tensor(x)).asnumpy()
        stem = os.path.join(outdir, name)
        np.savez(stem + ".inputs.npz", x=x)
        np.savez(stem + ".outputs.npz", y=y)
        ms.export(net, Tensor(x), file_name=stem, file_format="MINDIR")
        print(name, flush=True)


def first_array(path):
    if path.endswith(".npy"):
        return np.load(path)
    data = np.load(path)
    return data[data.files[0]]


def close(actual, expected, rtol, atol):
    if actual.shape != expected.shape:
        print(f"shape {actual.shape}, expected {expected.shape}")
        return False
    worst = float(np.max(np.abs(actual.astype(np.float64) - expected))) if actual.size else 0.0
    ok = bool(np.allclose(actual, expected, rtol=rtol, atol=atol))
    print(f"max abs {worst:.3g} of {float(np.max(np.abs(expected))):.3g}: {'ok' if ok else 'MISMATCH'}")
    return ok


def main(argv):
    if len(argv) >= 3 and argv[1] == "export":
        export(argv[2], argv[3:])
        return 0
    if len(argv) == 6 and argv[1] == "compare":
        return 0 if close(first_array(argv[2]), np.load(argv[3])["y"], float(argv[4]), float(argv[5])) else 1
    if len(argv) == 7 and argv[1] == "ort":
        import onnxruntime as ort

        session = ort.InferenceSession(argv[2], providers=["CPUExecutionProvider"])
        x = np.load(argv[3])["x"]
        actual = session.run(None, {session.get_inputs()[0].name: x})[0]
        return 0 if close(actual, np.load(argv[4])["y"], float(argv[5]), float(argv[6])) else 1
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
