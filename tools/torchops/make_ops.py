"""Writes the TorchScript modules behind org.pase4j.model.NativeOps.

DJL's PyTorch JNI layer exposes no PReLU, reflection padding or transposed convolution. Each module
below wraps one libtorch operator in a `forward` so that pase4j can run the native kernel (and its
native backward) through DJL's TorchScript support. Integer arguments travel as int64 tensors.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/torchops/make_ops.py
"""
import pathlib

import torch

OUT = pathlib.Path("lib/src/main/resources/org/pase4j/model/ops")


class PRelu(torch.nn.Module):
    """prelu(x, weight): weight has 1 or x.size(1) slopes."""

    def forward(self, x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
        return torch.prelu(x, weight)


class ReflectionPad1d(torch.nn.Module):
    """reflection_pad1d(x, [left, right]) on the last axis."""

    def forward(self, x: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        return torch._C._nn.reflection_pad1d(x, [int(pad[0].item()), int(pad[1].item())])


class ConvTranspose1d(torch.nn.Module):
    """conv_transpose1d(x, weight (in, out, k), bias, [stride, padding])."""

    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor,
                stride_padding: torch.Tensor) -> torch.Tensor:
        return torch.conv_transpose1d(x, weight, bias, int(stride_padding[0].item()),
                                      int(stride_padding[1].item()))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for module, name in [(PRelu(), "prelu"), (ReflectionPad1d(), "reflection_pad1d"),
                         (ConvTranspose1d(), "conv_transpose1d")]:
        torch.jit.script(module).save(str(OUT / (name + ".pt")))
        print("wrote", OUT / (name + ".pt"), "with torch", torch.__version__)


if __name__ == "__main__":
    main()
