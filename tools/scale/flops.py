"""Forward FLOPs per training triple (3 chunks) of the model a train.yaml describes, counted as 2 x the
multiply-adds of every convolution, transposed convolution and linear layer of the PyTorch mirror
(python/pase4j_torch, proven equal to pase4j by TorchParityTest); elementwise work is left out. docs/scale.md.

    python3 tools/scale/flops.py train.yaml quick.yaml
"""
import pathlib
import sys

import torch
import torch.nn.functional as F
import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import pase4j_torch  # noqa: E402

flops = 0


def counted(op, macs):
    """Wraps a torch.nn.functional op so that each call adds 2 x its multiply-adds to flops."""
    def call(x, w, *args, **kwargs):
        global flops
        y = op(x, w, *args, **kwargs)
        flops += 2 * macs(x, w, y)
        return y
    return call


F.conv1d = counted(F.conv1d, lambda x, w, y: y.numel() * w.shape[1] * w.shape[2])
F.conv_transpose1d = counted(F.conv_transpose1d, lambda x, w, y: x.numel() * w.shape[1] * w.shape[2])
F.linear = counted(F.linear, lambda x, w, y: y.numel() * w.shape[1])

for name in sys.argv[1:]:
    config = yaml.safe_load(pathlib.Path(name).read_text())
    model = pase4j_torch.PaseTorch(config).eval()
    x = 0.1 * torch.randn(3, 1, int(config.get("chunk_size", 16000)))
    with torch.no_grad():
        flops = 0
        model.encoder(x)
        encoder = flops
        flops = 0
        model(x)
    params = sum(p.numel() for p in model.parameters())
    print(f"{name}: forward per triple {flops / 1e9:.2f} GFLOP (encoder {encoder / 1e9:.2f}, workers "
          f"{(flops - encoder) / 1e9:.2f}), {params / 1e6:.1f} M parameters")
