#!/usr/bin/env python3
"""Builds the MindSpore Lite interop fixtures in testdata/mslite/.

For each small ONNX model made here with PyPI `onnx` (a CNN and a transformer block), writes
  <name>.onnx            the model
  <name>.ms              what MindSpore Lite 2.0.0's converter makes of it (.lite/bin/lite-convert)
  <name>.inputs.npz      seeded inputs, in the ONNX (NCHW) layout
Run scripts/mslite/setup-lite first. Usage: make-lite-fixtures.py [OUT_DIR]
"""
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
rng = np.random.default_rng(7)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def w(*shape, scale=0.3):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def cnn():
    n = helper.make_node
    inits = [
        const("c1.w", w(8, 3, 3, 3)), const("c1.b", w(8)),
        const("bn.s", (1 + w(8, scale=0.1))), const("bn.b", w(8)), const("bn.m", w(8, scale=0.1)),
        const("bn.v", (1 + np.abs(w(8))).astype(np.float32)),
        const("dw.w", w(8, 1, 3, 3)), const("dw.b", w(8)),
        const("c2.w", w(16, 8, 1, 1)), const("c2.b", w(16)),
        const("g.w", w(10, 16)), const("g.b", w(10)),
        const("six", np.array(6, np.float32)), const("zero", np.array(0, np.float32)),
    ]
    nodes = [
        n("Conv", ["x", "c1.w", "c1.b"], ["c1"], name="conv1", kernel_shape=[3, 3], strides=[1, 1], dilations=[1, 1], pads=[1, 1, 1, 1]),
        n("BatchNormalization", ["c1", "bn.s", "bn.b", "bn.m", "bn.v"], ["bn"], name="bn", epsilon=1e-5),
        n("Relu", ["bn"], ["r1"], name="relu1"),
        n("Conv", ["r1", "dw.w", "dw.b"], ["dw"], name="dwconv", group=8, kernel_shape=[3, 3], strides=[2, 2],
          dilations=[1, 1], pads=[1, 1, 1, 1]),
        n("Clip", ["dw", "zero", "six"], ["r6"], name="relu6"),
        n("MaxPool", ["r6"], ["mp"], name="maxpool", kernel_shape=[2, 2], strides=[2, 2]),
        n("Conv", ["mp", "c2.w", "c2.b"], ["c2"], name="conv2", kernel_shape=[1, 1], strides=[1, 1], dilations=[1, 1], pads=[0, 0, 0, 0]),
        n("Sigmoid", ["c2"], ["sg"], name="sigmoid"),
        n("Mul", ["c2", "sg"], ["sw"], name="swish"),
        n("AveragePool", ["r6"], ["ap"], name="avgpool", kernel_shape=[2, 2], strides=[2, 2]),
        n("Concat", ["sw", "ap"], ["cat"], name="concat", axis=1),
        n("GlobalAveragePool", ["sw"], ["gap"], name="gap"),
        n("Flatten", ["gap"], ["fl"], name="flatten", axis=1),
        n("Gemm", ["fl", "g.w", "g.b"], ["fc"], name="fc", transB=1),
        n("Softmax", ["fc"], ["y"], name="softmax", axis=1),
        n("Tanh", ["cat"], ["z"], name="tanh"),
    ]
    graph = helper.make_graph(
        nodes, "cnn", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10]),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 24, 2, 2])], inits)
    return graph, {"x": rng.standard_normal((1, 3, 8, 8)).astype(np.float32)}


def transformer():
    n = helper.make_node
    d, heads, seq, ff = 8, 2, 4, 16
    hd = d // heads
    inits = [
        const("ln1.s", 1 + w(d, scale=0.1)), const("ln1.b", w(d, scale=0.1)),
        const("wq", w(d, d)), const("wk", w(d, d)), const("wv", w(d, d)), const("wo", w(d, d)), const("bo", w(d)),
        const("ln2.s", 1 + w(d, scale=0.1)), const("ln2.b", w(d, scale=0.1)),
        const("w1", w(d, ff)), const("b1", w(ff)), const("w2", w(ff, d)), const("b2", w(d)),
        const("heads", np.array([1, seq, heads, hd], np.int64)), const("merge", np.array([1, seq, d], np.int64)),
        const("scale", np.array(np.sqrt(hd), np.float32)), const("half", np.array(0.5, np.float32)),
        const("one", np.array(1.0, np.float32)), const("rsqrt2", np.array(1 / np.sqrt(2), np.float32)),
        const("two", np.array(2.0, np.float32)), const("eps", np.array(1e-5, np.float32)),
    ]
    nodes = [
        n("LayerNormalization", ["x", "ln1.s", "ln1.b"], ["h"], name="ln1", axis=-1, epsilon=1e-5),
        n("MatMul", ["h", "wq"], ["q0"], name="q"), n("MatMul", ["h", "wk"], ["k0"], name="k"),
        n("MatMul", ["h", "wv"], ["v0"], name="v"),
        n("Reshape", ["q0", "heads"], ["q1"], name="q_heads"), n("Reshape", ["k0", "heads"], ["k1"], name="k_heads"),
        n("Reshape", ["v0", "heads"], ["v1"], name="v_heads"),
        n("Transpose", ["q1"], ["q2"], name="q_t", perm=[0, 2, 1, 3]),
        n("Transpose", ["k1"], ["k2"], name="k_t", perm=[0, 2, 3, 1]),
        n("Transpose", ["v1"], ["v2"], name="v_t", perm=[0, 2, 1, 3]),
        n("MatMul", ["q2", "k2"], ["s0"], name="scores"), n("Div", ["s0", "scale"], ["s1"], name="scaled"),
        n("Softmax", ["s1"], ["p"], name="softmax", axis=-1), n("MatMul", ["p", "v2"], ["a0"], name="attend"),
        n("Transpose", ["a0"], ["a1"], name="a_t", perm=[0, 2, 1, 3]), n("Reshape", ["a1", "merge"], ["a2"], name="merge"),
        n("MatMul", ["a2", "wo"], ["o0"], name="out_proj"), n("Add", ["o0", "bo"], ["o1"], name="out_bias"),
        n("Add", ["x", "o1"], ["r1"], name="residual1"),
        # Second norm written out by hand (ReduceMean, Sub, Pow, Sqrt, Div) as exporters often do.
        n("ReduceMean", ["r1"], ["mu"], name="ln2_mean", axes=[-1], keepdims=1),
        n("Sub", ["r1", "mu"], ["dx"], name="ln2_sub"), n("Pow", ["dx", "two"], ["sq"], name="ln2_pow"),
        n("ReduceMean", ["sq"], ["var"], name="ln2_var", axes=[-1], keepdims=1),
        n("Add", ["var", "eps"], ["ve"], name="ln2_eps"), n("Sqrt", ["ve"], ["sd"], name="ln2_sqrt"),
        n("Div", ["dx", "sd"], ["nrm"], name="ln2_div"), n("Mul", ["nrm", "ln2.s"], ["ns"], name="ln2_scale"),
        n("Add", ["ns", "ln2.b"], ["h2"], name="ln2_shift"),
        n("MatMul", ["h2", "w1"], ["f0"], name="ff1"), n("Add", ["f0", "b1"], ["f1"], name="ff1_bias"),
        n("Mul", ["f1", "rsqrt2"], ["g0"], name="gelu_scale"), n("Erf", ["g0"], ["g1"], name="gelu_erf"),
        n("Add", ["g1", "one"], ["g2"], name="gelu_one"), n("Mul", ["f1", "g2"], ["g3"], name="gelu_mul"),
        n("Mul", ["g3", "half"], ["g4"], name="gelu_half"),
        n("MatMul", ["g4", "w2"], ["f2"], name="ff2"), n("Add", ["f2", "b2"], ["f3"], name="ff2_bias"),
        n("Add", ["r1", "f3"], ["y"], name="residual2"),
    ]
    graph = helper.make_graph(
        nodes, "transformer", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, seq, d])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, seq, d])], inits)
    return graph, {"x": rng.standard_normal((1, seq, d)).astype(np.float32)}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "testdata", "mslite")
    os.makedirs(out, exist_ok=True)
    convert = os.path.join(ROOT, ".lite", "bin", "lite-convert")
    for name, make in [("cnn", cnn), ("transformer", transformer)]:
        graph, inputs = make()
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="mshub-fixtures")
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        path = os.path.join(out, name + ".onnx")
        onnx.save(model, path)
        np.savez(os.path.join(out, name + ".inputs.npz"), **inputs)
        target = os.path.join(out, name)
        if os.path.exists(target + ".ms"):
            os.remove(target + ".ms")
        subprocess.run([convert, "onnx", path, target], check=True, stdout=subprocess.DEVNULL)
        os.chmod(target + ".ms", 0o644)
        print(name, "ok")


if __name__ == "__main__":
    main()
