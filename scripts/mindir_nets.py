#!/usr/bin/env python3
"""Small real networks exported to MindIR by MindSpore, for mshub's MindIR and AIR tests.

    mindir_nets.py export NAME PATH [--enc-key HEX --enc-mode MODE] [--split]
    mindir_nets.py export-onnx NAME PATH      (MindSpore exports ONNX once per process)
    mindir_nets.py inputs NAME OUT.npz

NAME is one of lenet, resblock, transformer. Weights and inputs come from numpy generators
with fixed seeds, so the parameters and inputs are the same on every run (MindIR bytes are not:
MindSpore embeds per-process ids in names). `--split` forces MindSpore's split save
(`<PATH stem>_graph.mindir` plus `<stem>_variables/data_0`) by lowering its size threshold.
"""
import os
import sys

os.environ.setdefault("GLOG_v", "3")
os.environ.setdefault("GLOG_logtostderr", "1")

import numpy as np  # noqa: E402
import mindspore as ms  # noqa: E402
from mindspore import Tensor, nn, ops  # noqa: E402

SEED = 20261122


class LeNet(nn.Cell):
    """LeNet-style CNN: conv, relu, max pool twice, then three dense layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 5, pad_mode="valid", has_bias=True)
        self.conv2 = nn.Conv2d(4, 8, 5, pad_mode="valid", has_bias=True)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Dense(8 * 5 * 5, 32)
        self.fc2 = nn.Dense(32, 16)
        self.fc3 = nn.Dense(16, 10)

    def construct(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = self.flatten(x)
        x = self.relu(self.fc1(x))
        x = self.relu(self.fc2(x))
        return self.fc3(x)


class Block(nn.Cell):
    """Residual block: conv-bn-relu-conv-bn plus a (projected) shortcut, then relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, pad_mode="pad", padding=1, has_bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, pad_mode="same", has_bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.project = cin != cout or stride != 1
        if self.project:
            self.down = nn.Conv2d(cin, cout, 1, stride=stride, pad_mode="valid", has_bias=False)
            self.down_bn = nn.BatchNorm2d(cout)

    def construct(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = self.down_bn(self.down(x)) if self.project else x
        return self.relu(y + s)


class ResBlockNet(nn.Cell):
    """ResNet-style stem, two residual blocks, global average pool, dense head."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, pad_mode="same", has_bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.relu6 = nn.ReLU6()
        self.block1 = Block(8, 8, 1)
        self.block2 = Block(8, 16, 2)
        self.mean = ops.ReduceMean(keep_dims=False)
        self.fc = nn.Dense(16, 10)
        self.sigmoid = nn.Sigmoid()

    def construct(self, x):
        x = self.relu6(self.bn(self.stem(x)))
        x = self.block2(self.block1(x))
        x = self.mean(x, (2, 3))
        return self.sigmoid(self.fc(x))


class EncoderBlock(nn.Cell):
    """Transformer encoder block: pre-LayerNorm multi-head attention and a GeLU feed-forward."""

    def __init__(self, d=16, heads=2, ff=32, seq=8):
        super().__init__()
        self.d, self.h, self.s = d, heads, seq
        self.dh = d // heads
        self.ln1 = nn.LayerNorm((d,), epsilon=1e-5)
        self.ln2 = nn.LayerNorm((d,), epsilon=1e-5)
        self.q = nn.Dense(d, d)
        self.k = nn.Dense(d, d)
        self.v = nn.Dense(d, d)
        self.o = nn.Dense(d, d)
        self.ff1 = nn.Dense(d, ff)
        self.ff2 = nn.Dense(ff, d)
        self.gelu = ops.GeLU()
        self.softmax = ops.Softmax(axis=-1)
        self.qk = ops.BatchMatMul(transpose_b=True)
        self.av = ops.BatchMatMul()
        self.reshape = ops.Reshape()
        self.transpose = ops.Transpose()
        self.scale = Tensor(np.array(1.0 / np.sqrt(self.dh), np.float32))

    def heads(self, x):
        x = self.reshape(x, (1, self.s, self.h, self.dh))
        return self.transpose(x, (0, 2, 1, 3))

    def construct(self, x):
        y = self.ln1(x)
        q, k, v = self.heads(self.q(y)), self.heads(self.k(y)), self.heads(self.v(y))
        a = self.softmax(self.qk(q, k) * self.scale)
        z = self.transpose(self.av(a, v), (0, 2, 1, 3))
        x = x + self.o(self.reshape(z, (1, self.s, self.d)))
        y = self.ln2(x)
        return x + self.ff2(self.gelu(self.ff1(y)))


NETS = {
    "lenet": (LeNet, [(1, 1, 32, 32)]),
    "resblock": (ResBlockNet, [(1, 3, 16, 16)]),
    "transformer": (EncoderBlock, [(1, 8, 16)]),
}


def make(name):
    """The network `name` in inference mode with seeded weights."""
    cls, _ = NETS[name]
    ms.set_seed(SEED)
    net = cls()
    rng = np.random.default_rng(SEED + sorted(NETS).index(name))
    for pname, p in net.parameters_and_names():
        shape = tuple(p.shape)
        if pname.endswith("moving_variance"):
            v = rng.uniform(0.5, 1.5, size=shape)
        elif pname.endswith("gamma"):
            v = rng.uniform(0.8, 1.2, size=shape)
        else:
            v = rng.standard_normal(size=shape) * 0.2
        p.set_data(Tensor(v.astype(np.float32)))
    net.set_train(False)
    return net


def inputs(name):
    """The fixed inputs of `name` as numpy arrays (input0, input1, ...)."""
    _, shapes = NETS[name]
    rng = np.random.default_rng(SEED * 7 + sorted(NETS).index(name))
    return [rng.standard_normal(size=s).astype(np.float32) for s in shapes]


def export(name, path, enc_key=None, enc_mode="AES-GCM", split=False):
    """Exports `name` to MindIR at `path`; returns the path(s) MindSpore wrote."""
    ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
    net = make(name)
    args = [Tensor(x) for x in inputs(name)]
    kwargs = {}
    if enc_key is not None:
        kwargs.update(enc_key=enc_key, enc_mode=enc_mode)
    if split:
        from mindspore.train import serialization
        serialization.TOTAL_SAVE = 0  # any parameter total now takes the split path
    ms.export(net, *args, file_name=path, file_format="MINDIR", **kwargs)


def export_onnx(name, path):
    """Exports `name` to ONNX at `path` with MindSpore's own exporter."""
    ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
    net = make(name)
    args = [Tensor(x) for x in inputs(name)]
    ms.export(net, *args, file_name=path, file_format="ONNX")


def main(argv):
    if len(argv) == 3 and argv[0] == "export-onnx":
        export_onnx(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "export":
        key, mode, split = None, "AES-GCM", False
        rest = argv[3:]
        while rest:
            flag = rest.pop(0)
            if flag == "--enc-key":
                key = bytes.fromhex(rest.pop(0))
            elif flag == "--enc-mode":
                mode = rest.pop(0)
            elif flag == "--split":
                split = True
            else:
                raise SystemExit(f"unknown flag {flag}")
        export(argv[1], argv[2], key, mode, split)
    elif len(argv) == 3 and argv[0] == "inputs":
        np.savez(argv[2], **{f"input{i}": x for i, x in enumerate(inputs(argv[1]))})
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
