#!/usr/bin/env python3
"""Writes a test case for the official-checkpoint converter: a random encoder of an official layout,
saved as the official trainer saves it, and what it outputs for random waveforms. The test driver of
lib/src/test/java/org/pase4j/interop/OfficialCheckpointTest.java; by hand, from the repository root:

    python3 lib/src/test/python/make_official_case.py OUT_DIR --layout pase+ [--seed 1] [--batch 2] [--lengths 16000,16480]

OUT_DIR gets ``official.ckpt`` (the bare state_dict, like ``FE_e199.ckpt``), ``wave_<n>.npy``
(batch, n) float32 waveforms and ``embed_<n>_<b>.npy``, the eval-mode output for waveform b as
(frames, emb_dim) float32. The weights are drawn so that every parameter matters: per-channel PReLU
slopes in [0, 0.5], BatchNorm scales and shifts off 1 and 0, running statistics measured on other random
waveforms and then jittered. Lengths should be multiples of 160, the only ones the official skip fusion
pools exactly.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "python"))   # the repository's python/
from pase4j_torch.official import LAYOUTS, OfficialEncoder  # noqa: E402


def random_encoder(layout, seed):
    """An encoder of the layout with every parameter and BatchNorm statistic away from its initial value."""
    torch.manual_seed(seed)
    model = OfficialEncoder(layout)
    norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm1d)]
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(("low_hz_", "band_hz_")):
                p.mul_(torch.empty_like(p).uniform_(0.8, 1.2))
            elif ".act." in name:
                p.uniform_(0, 0.5)
            elif ".norm.weight" in name:
                p.uniform_(0.5, 1.5)
            elif ".norm.bias" in name:
                p.normal_(0, 0.1)
        for norm in norms:
            norm.momentum = None  # cumulative averages over the calibration batches
        model.train()
        for _ in range(3):
            model(waveforms(2, 16000).unsqueeze(1))
        for norm in norms:
            norm.running_mean.add_(0.1 * norm.running_var.sqrt() * torch.randn_like(norm.running_mean))
            norm.running_var.mul_(torch.empty_like(norm.running_var).uniform_(0.8, 1.25))
            norm.momentum = 0.1
    return model.eval()


def waveforms(batch, n):
    """(batch, n) noise plus a tone of a random pitch per waveform."""
    t = torch.arange(n) / 16000
    pitch = torch.empty(batch, 1).uniform_(100, 300)
    return 0.1 * torch.randn(batch, n) + 0.3 * torch.sin(2 * np.pi * pitch * t)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--layout", choices=sorted(LAYOUTS), required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--lengths", default="16000,16480")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)
    model = random_encoder(args.layout, args.seed)
    torch.save(model.state_dict(), args.out / "official.ckpt")
    for n in (int(v) for v in args.lengths.split(",")):
        waves = waveforms(args.batch, n)
        np.save(args.out / f"wave_{n}.npy", waves.numpy().astype(np.float32))
        with torch.no_grad():
            y = model(waves.unsqueeze(1))
        for b in range(args.batch):
            np.save(args.out / f"embed_{n}_{b}.npy", np.ascontiguousarray(y[b].T.numpy(), dtype=np.float32))
    return 0


if __name__ == "__main__":
    sys.exit(main())
