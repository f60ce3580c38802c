#!/usr/bin/env python3
"""Converts an official santi-pdp/pase encoder checkpoint into a pase4j weights file.

    python3 python/convert_official.py FE_e199.ckpt pase_plus.npz [--layout pase|pase+]

The input is what the official trainer saves as ``FE_e<epoch>.ckpt`` (the ``WaveFe`` state_dict) or a
``Saver`` file that wraps it as ``{'state_dict': ...}``; both are read like the official
``load_pretrained``. The layout (PASE.cfg or PASE+.cfg) is recognised from the keys unless ``--layout``
names it. Every key and shape must be the layout's: otherwise the converter stops and lists the keys it
did not expect, the keys it missed and the shapes that differ.

The output is a pase4j ``.npz``: one float32 array per encoder parameter and BatchNorm statistic, keyed
by its pase4j name, plus ``__config__``, the YAML of the matching ``encoder_model``
(``EncoderConfig.officialPase()`` or ``officialPasePlus()``). Two things change on the way:

* the QRNN's ``nn.Linear(2C, 3H)`` on ``[x_t, x_{t-1}]`` becomes pase4j's width-2 convolution over
  ``(x_{t-1}, x_t)``, ``(3H, C, 2)``;
* salesforce's QRNN keeps ``c_t = f·z_t + (1 − f)·c_{t−1}`` where pase4j keeps
  ``c_t = f'·c_{t−1} + (1 − f')·z_t``; since ``1 − sigmoid(a) = sigmoid(−a)``, negating the forget
  gate's rows of weight and bias makes ``f' = 1 − f`` and the two compute the same thing.

Needs torch (to read the checkpoint) and numpy.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pase4j_torch.official import CHANNELS, KERNELS, LAYOUTS, QRNN_HIDDEN, STRIDES, OfficialEncoder  # noqa: E402

CONFIG_KEY = "__config__"
BATCH_NORM_KEYS = ("weight", "bias", "running_mean", "running_var")


class ConversionError(Exception):
    """A checkpoint that is not an official encoder of the expected layout."""


def read_state_dict(path):
    """The tensors of an official checkpoint, unwrapped from ``{'state_dict': ...}`` if need be."""
    try:
        loaded = torch.load(path, map_location="cpu")
    except Exception as e:  # torch raises many types for a file that is not a checkpoint
        raise ConversionError(f"{path}: not a PyTorch checkpoint ({e})") from e
    if isinstance(loaded, dict) and isinstance(loaded.get("state_dict"), dict):
        loaded = loaded["state_dict"]
    if not isinstance(loaded, dict) or not all(torch.is_tensor(v) for v in loaded.values()):
        raise ConversionError(f"{path}: expected a state_dict (a mapping of names to tensors) or "
                              f"{{'state_dict': ...}}, got {type(loaded).__name__}")
    return loaded


def detect_layout(state):
    """``pase+`` when the checkpoint has a QRNN or dense skips, else ``pase``."""
    return "pase+" if any(k.startswith(("rnn.", "denseskips.")) for k in state) else "pase"


def check_layout(path, state, layout):
    """Stops with every unexpected key, missing key and wrong shape of the checkpoint for the layout."""
    expected = {k: tuple(v.shape) for k, v in OfficialEncoder(layout).state_dict().items()}
    unexpected = sorted(set(state) - set(expected))
    missing = sorted(set(expected) - set(state))
    shapes = [f"{k} {tuple(state[k].shape)} (expected {expected[k]})"
              for k in expected if k in state and tuple(state[k].shape) != expected[k]]
    problems = []
    if unexpected:
        problems.append(f"unexpected keys: {', '.join(unexpected)}")
    if missing:
        problems.append(f"missing keys: {', '.join(missing)}")
    if shapes:
        problems.append(f"wrong shapes: {'; '.join(shapes)}")
    if problems:
        cfg = "PASE+.cfg" if layout == "pase+" else "PASE.cfg"
        raise ConversionError(f"{path} is not an official {cfg} encoder: " + "; ".join(problems))


def convert(state, layout):
    """Maps an official state_dict (already checked) to pase4j's names, as float32 numpy arrays."""
    out = {}

    def put(name, tensor):
        out["encoder." + name] = np.ascontiguousarray(tensor.detach().cpu().numpy(), dtype=np.float32)

    put("block0.conv.low_hz", state["blocks.0.conv.low_hz_"])
    put("block0.conv.band_hz", state["blocks.0.conv.band_hz_"])
    for i in range(len(CHANNELS)):
        if i > 0:
            put(f"block{i}.conv.weight", state[f"blocks.{i}.conv.weight"])
            put(f"block{i}.conv.bias", state[f"blocks.{i}.conv.bias"])
        for key in BATCH_NORM_KEYS:
            put(f"block{i}.bn.{key}", state[f"blocks.{i}.norm.{key}"])
        put(f"block{i}.act.weight", state[f"blocks.{i}.act.weight"])
    if LAYOUTS[layout]["dense_skips"]:
        for i in range(len(CHANNELS) - 1):
            put(f"skip{i}.weight", state[f"denseskips.{i}.weight"])
    if LAYOUTS[layout]["qrnn"]:
        weight, bias = qrnn_gates(state["rnn.layers.0.linear.weight"], state["rnn.layers.0.linear.bias"])
        put("qrnn.gates.weight", weight)
        put("qrnn.gates.bias", bias)
    put("output.weight", state["W.weight"])
    put("output.bias", state["W.bias"])
    put("output_norm.running_mean", state["norm_out.running_mean"])
    put("output_norm.running_var", state["norm_out.running_var"])
    return out


def qrnn_gates(weight, bias):
    """salesforce ``linear`` (3H, 2C) on [x_t, x_{t-1}] → pase4j width-2 conv (3H, C, 2) on (x_{t-1}, x_t),
    with the forget gate's rows negated."""
    inputs = weight.shape[1] // 2
    conv = torch.stack([weight[:, inputs:], weight[:, :inputs]], dim=2).clone()
    bias = bias.clone()
    forget = slice(QRNN_HIDDEN, 2 * QRNN_HIDDEN)
    conv[forget] = -conv[forget]
    bias[forget] = -bias[forget]
    return conv, bias


def config_yaml(layout):
    """The ``encoder_model`` YAML of ``EncoderConfig.officialPase()`` or ``officialPasePlus()``."""
    spec = LAYOUTS[layout]
    flag = {True: "true", False: "false"}
    entries = [
        ("use_sincnet", "true"),
        ("use_qrnn", flag[spec["qrnn"]]),
        ("use_skip_conns", flag[spec["dense_skips"]]),
        ("in_channels", "1"),
        ("blocks_channels", _list(CHANNELS + (spec["emb_dim"],))),
        ("blocks_kernel_sizes", _list(KERNELS + (1,))),
        ("blocks_strides", _list(STRIDES + (1,))),
        ("qrnn_hidden_neurons", str(QRNN_HIDDEN)),
        ("per_channel_prelu", "true"),
        ("padding", "official"),
        ("sinc_mel_start_hz", "30"),
        ("last_block_skip_conn", "false"),
    ]
    return "encoder_model:\n" + "".join(f"  {k}: {v}\n" for k, v in entries)


def _list(values):
    return "[" + ", ".join(str(v) for v in values) + "]"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Converts an official PASE / PASE+ encoder checkpoint "
                                                 "(santi-pdp/pase, e.g. FE_e199.ckpt) into pase4j weights (.npz).")
    parser.add_argument("checkpoint", type=Path, help="the official checkpoint")
    parser.add_argument("out", type=Path, help="the pase4j weights file to write (.npz)")
    parser.add_argument("--layout", choices=sorted(LAYOUTS),
                        help="pase (cfg/frontend/PASE.cfg) or pase+ (PASE+.cfg); recognised from the keys if left out")
    args = parser.parse_args(argv)
    try:
        state = read_state_dict(args.checkpoint)
        layout = args.layout or detect_layout(state)
        check_layout(args.checkpoint, state, layout)
        arrays = convert(state, layout)
    except ConversionError as e:
        print(f"convert_official.py: {e}", file=sys.stderr)
        return 1
    arrays[CONFIG_KEY] = np.frombuffer(config_yaml(layout).encode("utf-8"), dtype=np.uint8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as f:  # a file object keeps numpy from appending .npz to the name
        np.savez(f, **arrays)
    print(f"{args.checkpoint} ({layout}, {len(state)} tensors) -> {args.out} ({len(arrays) - 1} arrays)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
