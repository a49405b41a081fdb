#!/usr/bin/env python3
"""Generate MindSpore CKPT test fixtures with MindSpore itself.

Run from the repository root:

    .venv/bin/python scripts/make-testdata.py [--only mindir-nets | --only onnx-nets]

Writes testdata/ckpt/*.ckpt, testdata/models/* (the same conv net exported by
MindSpore as MindIR / ONNX / safetensors, plus an AES-GCM encrypted MindIR),
testdata/MANIFEST.json and testdata/SHA256SUMS (made by the system
``sha256sum``).  CPU only, fixed
seeds and fixed keys.  The plain / CRC / dtypes files are byte-for-byte
reproducible; the encrypted files are NOT (MindSpore draws a fresh random
16-byte IV per cipher block with RAND_bytes), so their file sha256 changes on
every run -- their decrypted plaintext (``plaintext_sha256``) does not.

The per-fixture ``tensors`` list is what ``mindspore.load_checkpoint`` reports
(computed by scripts/ckpt_oracle.py, the same code the Swift tests call).
"""
import binascii
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import ckpt_oracle  # noqa: E402  (sets the GLOG_* env before MindSpore is imported)
import mindir_nets  # noqa: E402
import mindir_oracle  # noqa: E402

import numpy as np  # noqa: E402
import mindspore as ms  # noqa: E402
from mindspore import Tensor, nn  # noqa: E402

OUT_DIR = os.path.join(ROOT, "testdata", "ckpt")
MODELS_DIR = os.path.join(ROOT, "testdata", "models")
MANIFEST = os.path.join(ROOT, "testdata", "MANIFEST.json")

SEED = 20240501
# Fixed keys (raw bytes; MindSpore uses them directly, no KDF).
KEY_AES_GCM = bytes.fromhex("000102030405060708090a0b0c0d0e0f")                       # AES-128-GCM
KEY_AES_CBC = bytes.fromhex("00112233445566778899aabbccddeeff"
                            "0123456789abcdeffedcba9876543210")                        # AES-256-CBC
KEY_SM4_CBC = bytes.fromhex("0123456789abcdeffedcba9876543210")                       # SM4-CBC (16 bytes)

CIPHER_MAGIC = {"AES-GCM": 0x7F3A5ED8, "AES-CBC": 0x7F3A5ED9, "SM4-CBC": 0x7F3A5EDA}


# --------------------------------------------------------------------------- nets
class ConvNet(nn.Cell):
    """Tiny conv net for 3x4x4 inputs (never run; only its parameters matter)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, pad_mode="same", has_bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 16, 3, pad_mode="same", has_bias=True)
        self.flatten = nn.Flatten()
        self.fc = nn.Dense(16 * 4 * 4, 10)

    def construct(self, x):
        x = self.relu(self.bn(self.conv1(x)))
        x = self.relu(self.conv2(x))
        return self.fc(self.flatten(x))


def make_convnet():
    ms.set_seed(SEED)
    net = ConvNet()
    # Overwrite every parameter with numpy values from a fixed generator so the
    # contents do not depend on MindSpore's initializer implementation.
    rng = np.random.default_rng(SEED)
    for name, p in net.parameters_and_names():
        shape = tuple(p.shape)
        if name.endswith("moving_variance"):
            v = rng.uniform(0.5, 1.5, size=shape)
        elif name.endswith("gamma"):
            v = rng.uniform(0.8, 1.2, size=shape)
        else:
            v = rng.standard_normal(size=shape) * 0.1
        p.set_data(Tensor(v.astype(np.float32)))
    return net


def pack_int4(pairs):
    """(lo, hi) signed nibbles -> int8 bytes (qint4x2: low nibble first)."""
    out = [((lo & 0xF) | ((hi & 0xF) << 4)) for lo, hi in pairs]
    return np.array(out, dtype=np.uint8).view(np.int8)


def dtype_entries():
    rng = np.random.default_rng(SEED + 1)
    e = []

    def add(name, arr, dtype=None):
        t = Tensor(arr, dtype=dtype) if dtype is not None else Tensor(arr)
        e.append({"name": name, "data": t})

    add("f32_3d", rng.standard_normal((2, 2, 3)).astype(np.float32))
    add("f16", np.array([[0.0, 1.0, -2.5], [65504.0, 6.1035156e-05, -0.0]], dtype=np.float16))
    # bfloat16: values exactly representable, plus 1/3 (rounded by MindSpore).
    add("bf16", np.array([[1.0, -2.25, 3.140625], [0.0, 1e30, 1.0 / 3.0]], dtype=np.float32), ms.bfloat16)
    add("f64", np.array([np.pi, -1e-300, 1e300], dtype=np.float64))
    add("i8", np.array([-128, -1, 0, 127], dtype=np.int8))
    add("u8", np.array([0, 1, 128, 255], dtype=np.uint8))
    add("i16", np.array([[-32768, -2], [3, 32767]], dtype=np.int16))
    add("u16", np.array([0, 1, 65535], dtype=np.uint16))
    add("i32", np.array([-2147483648, -5, 6, 2147483647], dtype=np.int32))
    add("u32", np.array([0, 4294967295], dtype=np.uint32))
    add("i64", np.array([-9223372036854775808, -7, 1 << 40, 9223372036854775807], dtype=np.int64))
    add("u64", np.array([0, 18446744073709551615], dtype=np.uint64))
    add("bool", np.array([True, False, True, True, False], dtype=np.bool_))
    add("scalar_f32", np.array(3.5, dtype=np.float32))          # 0-d
    add("scalar_i32", np.array(-42, dtype=np.int32))            # 0-d
    # qint4x2: shape (2, 3) of packed bytes = 12 nibbles.
    add("int4", pack_int4([(1, 2), (-8, 7), (-1, 0), (3, -4), (5, -6), (0, -1)]).reshape(2, 3), ms.qint4x2)
    add("big_dims", rng.standard_normal((1, 1, 2, 1, 3)).astype(np.float32))
    return e


DTYPES_APPEND = {
    "note": "h\u00e9llo w\u00f6rld",      # str -> tensor_type "str", dims [0], UTF-32LE
    "emoji": "a\U0001F600z",             # non-BMP code point: still 4 bytes
    "epoch_num": 7,                     # int   -> Tensor(7)     -> Int64 0-d
    "lr": 0.125,                        # float -> Tensor(0.125) -> Float32 0-d
    "flag": True,                       # bool  -> Tensor(True)  -> Bool 0-d
}


# --------------------------------------------------------------- raw parse check
def _varint(buf, i):
    shift = v = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        if not b & 0x80:
            return v, i
        shift += 7


def _fields(buf):
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        fn, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _varint(buf, i)
        elif wt == 2:
            n, i = _varint(buf, i)
            v = buf[i:i + n]
            i += n
        else:
            raise ValueError(f"unexpected wire type {wt}")
        yield fn, wt, v


def raw_parse(content):
    """Independent minimal parser: [(tag, dims, tensor_type, content)]."""
    if content[-17:-10] == b"crc_num":
        content = content[:-17]
    out = []
    for fn, _, val in _fields(content):
        assert fn == 1
        tag = None
        tensor = None
        for f2, _, v2 in _fields(val):
            if f2 == 1:
                tag = bytes(v2).decode()
            elif f2 == 2:
                dims, ttype, data = [], None, b""
                for f3, w3, v3 in _fields(v2):
                    if f3 == 1:
                        assert w3 == 0, "dims expected unpacked"
                        dims.append(v3)
                    elif f3 == 2:
                        ttype = bytes(v3).decode()
                    elif f3 == 3:
                        data = bytes(v3)
                tensor = (dims, ttype, data)
        out.append((tag,) + tensor)
    return out


def cross_check(path, doc):
    with open(path, "rb") as f:
        entries = raw_parse(f.read())
    assert len(entries) == len(doc["tensors"]), (path, len(entries), len(doc["tensors"]))
    for (tag, dims, ttype, data), t in zip(entries, doc["tensors"]):
        assert tag == t["name"], (tag, t["name"])
        assert ttype == t["dtype"], (tag, ttype, t["dtype"])
        if ttype == "str":
            assert dims == [0], (tag, dims)
        else:
            assert dims == t["shape"], (tag, dims, t["shape"])
        assert hashlib.sha256(data).hexdigest() == t["sha256"], tag
        assert len(data) == t["bytes"], tag


# --------------------------------------------------------------------- helpers
def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def decrypt_plaintext(path, key, mode):
    from mindspore.train.serialization import _decrypt  # same native routine load_checkpoint uses
    data = _decrypt(path, key, len(key), mode)
    if data is None:
        raise RuntimeError(f"decrypt failed: {path}")
    return bytes(data)


# ------------------------------------------------------------------ model files
def _write_model(fname, write, made_by, fmt, enc, notes):
    """Runs `write(path)`; returns a manifest "models" entry, or None (noted) when MindSpore refuses."""
    path = os.path.join(MODELS_DIR, fname)
    if os.path.exists(path):
        os.chmod(path, 0o644)
        os.remove(path)
    try:
        write(path)
    except Exception as e:  # record refusals, skip only that file
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        msg = f"models/{fname}: MindSpore refused to write it ({type(e).__name__}: {first}); skipped"
        print(msg, file=sys.stderr)
        notes.append(msg)
        if os.path.exists(path):
            os.remove(path)
        return None
    if not os.path.exists(path):
        msg = f"models/{fname}: MindSpore reported success but wrote no file; skipped"
        print(msg, file=sys.stderr)
        notes.append(msg)
        return None
    os.chmod(path, 0o644)  # MindSpore leaves 0400
    with open(path, "rb") as f:
        raw = f.read()
    if enc:
        magic = int.from_bytes(raw[:4], "little")
        assert magic == CIPHER_MAGIC[enc[0]], (fname, hex(magic))
    if fmt == "mindir":  # MindSpore must read back what it wrote (with the key when encrypted)
        graph = ms.load(path, dec_key=enc[1], dec_mode=enc[0]) if enc else ms.load(path)
        assert graph is not None, fname
    elif fmt == "safetensors":
        loaded = ms.load_checkpoint(path, format="safetensors")
        assert len(loaded) > 0, fname
    return {
        "file": "models/" + fname,
        "format": fmt,
        "made_by": made_by,
        "sha256": sha256_file(path),
        "bytes": len(raw),
        "encryption": {"mode": enc[0], "key_hex": enc[1].hex()} if enc else None,
    }


def make_models(net, notes):
    """The conv net written by MindSpore in its other on-disk formats (testdata/models/)."""
    os.makedirs(MODELS_DIR, exist_ok=True)
    net.set_train(False)
    x = Tensor(np.zeros((1, 3, 4, 4), dtype=np.float32))
    sig = "mindspore.export(net, Tensor(np.zeros((1, 3, 4, 4), np.float32)), file_name=path, "
    # ONNX is exported once only: a second ONNX export of the same network in one process crashes.
    specs = [
        ("convnet.mindir", lambda p: ms.export(net, x, file_name=p, file_format="MINDIR"),
         sig + "file_format='MINDIR')", "mindir", None),
        ("convnet.onnx", lambda p: ms.export(net, x, file_name=p, file_format="ONNX"),
         sig + "file_format='ONNX')", "onnx", None),
        ("convnet.safetensors", lambda p: ms.save_checkpoint(net, p, format="safetensors"),
         "mindspore.save_checkpoint(net, path, format='safetensors')", "safetensors", None),
        ("convnet_enc.mindir",
         lambda p: ms.export(net, x, file_name=p, file_format="MINDIR", enc_key=KEY_AES_GCM, enc_mode="AES-GCM"),
         sig + "file_format='MINDIR', enc_key=bytes.fromhex('%s'), enc_mode='AES-GCM')" % KEY_AES_GCM.hex(),
         "mindir", ("AES-GCM", KEY_AES_GCM)),
    ]
    models = []
    for fname, write, made_by, fmt, enc in specs:
        entry = _write_model(fname, write, made_by, fmt, enc, notes)
        if entry is not None:
            models.append(entry)
    os.chmod(MODELS_DIR, 0o755)
    return models


def make_mindir_nets(notes):
    """LeNet, residual-block and transformer-encoder nets exported to MindIR by MindSpore, plain and
    AES-GCM encrypted, with their fixed inputs and the outputs MindSpore computes from the plain file."""
    entries = []
    for name in sorted(mindir_nets.NETS):
        base = os.path.join(MODELS_DIR, name)
        np.savez(base + ".inputs.npz", **{f"input{i}": x for i, x in enumerate(mindir_nets.inputs(name))})
        sig = f"scripts/mindir_nets.py export {name} PATH"
        for suffix, enc in (("", None), ("_enc", ("AES-GCM", KEY_AES_GCM))):
            fname = f"{name}{suffix}.mindir"
            made_by = sig + (f" --enc-key {enc[1].hex()} --enc-mode {enc[0]}" if enc else "")
            write = (lambda p, e=enc, n=name: mindir_nets.export(n, p, e[1] if e else None, e[0] if e else "AES-GCM"))
            entry = _write_model(fname, write, made_by, "mindir", enc, notes)
            if entry is None:
                continue
            entry["network"] = name
            entry["inputs"] = f"models/{name}.inputs.npz"
            entry["outputs"] = f"models/{name}.outputs.npz"
            entries.append(entry)
        # The reference outputs: MindSpore running its own plain export on the fixed inputs.
        mindir_oracle.run(base + ".mindir", base + ".inputs.npz", base + ".outputs.npz")
    return entries


def update_mindir_nets_only():
    """Rewrites only the MindIR network fixtures and their manifest section."""
    ms.set_context(device_target="CPU")
    with open(MANIFEST, encoding="utf-8") as f:
        manifest = json.load(f)
    notes = []
    manifest["mindir_nets"] = make_mindir_nets(notes)
    manifest["mindir_nets_notes"] = notes + [
        "mindir_nets: scripts/mindir_nets.py networks (seeded weights, inference mode); outputs.npz is what "
        "mindspore.load + nn.GraphCell compute from the plain .mindir on inputs.npz (scripts/mindir_oracle.py). "
        "The .mindir bytes are not reproducible between runs; the parameters, inputs and outputs are."]
    with open(MANIFEST, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    write_sha256sums()


def make_onnx_nets():
    """The same three networks exported to ONNX by MindSpore (one export per process: MindSpore's
    ONNX exporter cannot export twice in one process), with onnxruntime's agreement with the
    MindSpore outputs recorded."""
    import onnxruntime as ort
    entries = []
    for name in sorted(mindir_nets.NETS):
        path = os.path.join(MODELS_DIR, name + ".onnx")
        if os.path.exists(path):
            os.remove(path)
        subprocess.run([sys.executable, os.path.join(HERE, "mindir_nets.py"), "export-onnx", name, path], check=True)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        feeds = np.load(os.path.join(MODELS_DIR, name + ".inputs.npz"))
        outs = np.load(os.path.join(MODELS_DIR, name + ".outputs.npz"))
        got = session.run(None, {i.name: feeds[f"input{k}"] for k, i in enumerate(session.get_inputs())})
        worst = max(float(np.abs(g - outs[f"output{k}"]).max()) for k, g in enumerate(got))
        entries.append({
            "file": f"models/{name}.onnx", "network": name, "format": "onnx",
            "made_by": f"scripts/mindir_nets.py export-onnx {name} PATH",
            "inputs": f"models/{name}.inputs.npz", "outputs": f"models/{name}.outputs.npz",
            "onnxruntime_max_abs_error_vs_mindspore": worst,
        })
    return entries


def update_onnx_nets_only():
    """Writes only the ONNX exports of the MindIR networks and their manifest section."""
    with open(MANIFEST, encoding="utf-8") as f:
        manifest = json.load(f)
    manifest["onnx_nets"] = make_onnx_nets()
    with open(MANIFEST, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    write_sha256sums()


def write_sha256sums():
    """testdata/SHA256SUMS, made by the system sha256sum (an oracle no one here wrote)."""
    out = subprocess.run(
        ["bash", "-c", "sha256sum testdata/ckpt/*.ckpt testdata/models/*"],
        cwd=ROOT, check=True, capture_output=True).stdout
    with open(os.path.join(ROOT, "testdata", "SHA256SUMS"), "wb") as f:
        f.write(out)


def main():
    ms.set_context(device_target="CPU")
    ms.set_seed(SEED)
    np.random.seed(SEED)
    os.makedirs(OUT_DIR, exist_ok=True)
    notes = []
    fixtures = []

    net = make_convnet()
    dtypes_list = dtype_entries()

    # (file, save-callable, made_by, encryption, crc)
    specs = [
        ("convnet.ckpt", lambda p: ms.save_checkpoint(net, p),
         "mindspore.save_checkpoint(net, path)", None, False),
        ("convnet_crc.ckpt", lambda p: ms.save_checkpoint(net, p, crc_check=True),
         "mindspore.save_checkpoint(net, path, crc_check=True)", None, True),
        ("convnet_aes_gcm.ckpt", lambda p: ms.save_checkpoint(net, p, enc_key=KEY_AES_GCM, enc_mode="AES-GCM"),
         "mindspore.save_checkpoint(net, path, enc_key=bytes.fromhex('%s'), enc_mode='AES-GCM')" % KEY_AES_GCM.hex(),
         ("AES-GCM", KEY_AES_GCM), False),
        ("convnet_aes_cbc.ckpt", lambda p: ms.save_checkpoint(net, p, enc_key=KEY_AES_CBC, enc_mode="AES-CBC"),
         "mindspore.save_checkpoint(net, path, enc_key=bytes.fromhex('%s'), enc_mode='AES-CBC')" % KEY_AES_CBC.hex(),
         ("AES-CBC", KEY_AES_CBC), False),
        ("convnet_sm4_cbc.ckpt", lambda p: ms.save_checkpoint(net, p, enc_key=KEY_SM4_CBC, enc_mode="SM4-CBC"),
         "mindspore.save_checkpoint(net, path, enc_key=bytes.fromhex('%s'), enc_mode='SM4-CBC')" % KEY_SM4_CBC.hex(),
         ("SM4-CBC", KEY_SM4_CBC), False),
        ("dtypes.ckpt", lambda p: ms.save_checkpoint(dtypes_list, p, append_dict=dict(DTYPES_APPEND)),
         "mindspore.save_checkpoint([{'name': ..., 'data': Tensor}, ...] (see dtype_entries() in "
         "scripts/make-testdata.py), path, append_dict=%r)" % (DTYPES_APPEND,), None, False),
    ]

    plain_convnet = None
    for fname, save, made_by, enc, crc in specs:
        path = os.path.join(OUT_DIR, fname)
        if os.path.exists(path):
            os.chmod(path, 0o644)
        try:
            save(path)
        except Exception as e:  # record refusals, skip only that file
            msg = f"{fname}: MindSpore refused to save ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}); skipped"
            print(msg, file=sys.stderr)
            notes.append(msg)
            if os.path.exists(path):
                os.remove(path)
            continue
        os.chmod(path, 0o644)  # MindSpore leaves 0400
        key, mode = (enc[1], enc[0]) if enc else (None, "AES-GCM")
        try:
            doc = ckpt_oracle.describe_checkpoint(path, key=key, mode=mode, crc=crc, ms=ms)
        except Exception as e:
            msg = f"{fname}: MindSpore saved it but could not load it back ({type(e).__name__}: {e}); skipped"
            print(msg, file=sys.stderr)
            notes.append(msg)
            os.remove(path)
            continue

        entry = {
            "file": "ckpt/" + fname,
            "made_by": made_by,
            "sha256": sha256_file(path),
            "bytes": os.path.getsize(path),
            "encryption": {"mode": enc[0], "key_hex": enc[1].hex()} if enc else None,
            "crc": crc,
        }
        oracle_args = []
        if enc:
            oracle_args += ["--key", enc[1].hex(), "--mode", enc[0]]
        if crc:
            oracle_args += ["--crc"]
        entry["oracle_args"] = oracle_args

        with open(path, "rb") as f:
            raw = f.read()
        if enc:
            magic = int.from_bytes(raw[:4], "little")
            assert magic == CIPHER_MAGIC[enc[0]], (fname, hex(magic))
            plain = decrypt_plaintext(path, enc[1], enc[0])
            entry["plaintext_sha256"] = hashlib.sha256(plain).hexdigest()
            entry["plaintext_bytes"] = len(plain)
            entry["deterministic"] = False
            if plain_convnet is not None:
                assert plain == plain_convnet, f"{fname}: plaintext differs from convnet.ckpt"
        else:
            entry["deterministic"] = True
            cross_check(path, doc)
            if fname == "convnet.ckpt":
                plain_convnet = raw
        if crc:
            assert raw[-17:-10] == b"crc_num"
            crc_val = int.from_bytes(raw[-10:], "big")
            assert crc_val == binascii.crc32(raw[:-17]), "CRC mismatch"
            assert plain_convnet is None or raw[:-17] == plain_convnet, "crc file body differs from convnet.ckpt"
            entry["crc32"] = crc_val

        entry["tensors"] = doc["tensors"]
        fixtures.append(entry)

    # Probe: can qint4x2 be saved at all? (It is part of dtypes.ckpt; note if it went missing.)
    dt = next((f for f in fixtures if f["file"] == "ckpt/dtypes.ckpt"), None)
    if dt is not None and not any(t["dtype"] == "Int4" for t in dt["tensors"]):
        notes.append("dtypes.ckpt: no Int4 entry survived save/load")

    models = make_models(make_convnet(), notes)
    mindir_entries = make_mindir_nets(notes)

    notes += [
        "Encrypted fixtures are not byte-reproducible: MindSpore draws a random 16-byte IV per cipher block; "
        "their plaintext (plaintext_sha256) equals convnet.ckpt byte for byte.",
        "convnet_crc.ckpt = convnet.ckpt + b'crc_num' + crc32(convnet.ckpt) as 10-byte big-endian.",
        "Tensor sha256/bytes are over the raw element bytes MindSpore reports (Tensor.get_bytes()); "
        "strings: UTF-32LE of the loaded str, shape []. Int4 (qint4x2): 1 byte per element "
        "(each element packs two signed nibbles, low nibble first), so bytes == prod(shape).",
        "append_dict values: int -> Int64 0-d, float -> Float32 0-d, bool -> Bool 0-d, str -> 'str' with dims [0]. "
        "0-d tensors have no dims in the file.",
        "models/: the same conv net (eval mode, input (1, 3, 4, 4) float32) written by mindspore.export / "
        "save_checkpoint(format='safetensors'). convnet.onnx and convnet.safetensors are byte-reproducible; "
        "convnet.mindir is not (a graph name embeds a per-process id and node order varies) and "
        "convnet_enc.mindir is not either (random IVs as well). MindSpore 2.10.0 writes MindIR ir_version '1.1'.",
    ]

    manifest = {
        "generator": {"mindspore": ms.__version__, "numpy": np.__version__,
                      "script": "scripts/make-testdata.py", "oracle": "scripts/ckpt_oracle.py"},
        "notes": notes,
        "fixtures": fixtures,
        "models": models,
        "mindir_nets": mindir_entries,
        "onnx_nets": make_onnx_nets(),
    }
    with open(MANIFEST, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    total = sum(x["bytes"] for x in fixtures)
    for x in fixtures:
        print(f"{x['file']:32s} {x['bytes']:8d}  {x['sha256'][:16]}", file=sys.stderr)
    for x in models:
        print(f"{x['file']:32s} {x['bytes']:8d}  {x['sha256'][:16]}", file=sys.stderr)
    total += sum(x["bytes"] for x in models)
    print(f"total {total} bytes; manifest: {os.path.relpath(MANIFEST, ROOT)}", file=sys.stderr)
    write_sha256sums()


if __name__ == "__main__":
    if sys.argv[1:] == ["--only", "mindir-nets"]:
        update_mindir_nets_only()
    elif sys.argv[1:] == ["--only", "onnx-nets"]:
        update_onnx_nets_only()
    else:
        main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
