"""The official PASE encoders' layout in plain PyTorch, for testing checkpoint conversion.

santi-pdp/pase builds its encoder, ``WaveFe``, from ``cfg/frontend/PASE.cfg`` (PASE, 2019) or
``cfg/frontend/PASE+.cfg`` (PASE+, 2020) and saves it with ``torch.save(frontend.state_dict(), ...)``
(``FE_e199.ckpt`` is such a file). ``OfficialEncoder`` is written for pase4j: it computes what
``WaveFe`` computes for those two configurations and its ``state_dict`` has the same keys, shapes and
order, so it writes checkpoints a converter cannot tell from the official ones without needing the
official package, CUDA, CuPy or pynvrtc (the QRNN runs as a loop on the CPU).

Layout (8 blocks, kernels 251, 20, 11 x 6; strides 1, 10, 2, 1, 2, 1, 2, 2; channels 64, 64, 128, 128,
256, 256, 512, 512)::

    denseskips.{0..6}.weight          PASE+ only: bias-free 1x1 convs of blocks 0..6 to emb_dim
    blocks.0.conv.{low_hz_,band_hz_}  SincNet band edges (64, 1)
    blocks.{1..7}.conv.{weight,bias}  reflect-padded convolutions
    blocks.{i}.norm.*                 BatchNorm1d (eps 1e-5, momentum 0.1)
    blocks.{i}.act.weight             PReLU, one slope per channel (initialised at 0)
    rnn.layers.0.linear.{weight,bias} PASE+ only: QRNN 512 -> 512, window 2 (salesforce pytorch-qrnn)
    W.{weight,bias}                   1x1 projection to emb_dim (100 for PASE, 256 for PASE+)
    norm_out.*                        BatchNorm1d(emb_dim, affine=False)
"""

import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

KERNELS = (251, 20, 11, 11, 11, 11, 11, 11)
STRIDES = (1, 10, 2, 1, 2, 1, 2, 2)
CHANNELS = (64, 64, 128, 128, 256, 256, 512, 512)
SAMPLE_RATE = 16000
MIN_LOW_HZ = 50.0
MIN_BAND_HZ = 50.0
MEL_START_HZ = 30.0
QRNN_HIDDEN = 512

LAYOUTS = {
    "pase": {"emb_dim": 100, "qrnn": False, "dense_skips": False},
    "pase+": {"emb_dim": 256, "qrnn": True, "dense_skips": True},
}


def official_padding(kernel, stride):
    """Reflect padding (left, right) of a block: (k/2 - 1, k/2) when strided or even, else (k/2, k/2)."""
    if stride > 1 or kernel % 2 == 0:
        return kernel // 2 - 1, kernel // 2
    return kernel // 2, kernel // 2


class SincFilters(nn.Module):
    """Learnable band-pass filters (SincNet): parameters ``low_hz_`` and ``band_hz_``, shape (filters, 1)."""

    def __init__(self, filters, kernel, stride):
        super().__init__()
        self.kernel = kernel
        self.stride = stride
        top = SAMPLE_RATE / 2 - (MIN_LOW_HZ + MIN_BAND_HZ)
        mel = np.linspace(_to_mel(MEL_START_HZ), _to_mel(top), filters + 1)
        edges = 700 * (10 ** (mel / 2595) - 1)
        self.low_hz_ = nn.Parameter(torch.tensor(edges[:-1], dtype=torch.float32).view(-1, 1))
        self.band_hz_ = nn.Parameter(torch.tensor(np.diff(edges), dtype=torch.float32).view(-1, 1))
        half = kernel // 2
        # The official half window: a Hamming curve sampled at `half` points from 0 to kernel/2 - 1.
        positions = torch.linspace(0, kernel / 2 - 1, steps=half)
        self.register_buffer("half_window", 0.54 - 0.46 * torch.cos(2 * math.pi * positions / kernel),
                             persistent=False)
        self.register_buffer("half_time", 2 * math.pi * torch.arange(-half, 0, dtype=torch.float32) / SAMPLE_RATE,
                             persistent=False)

    def filters(self):
        """The filter bank (filters, 1, kernel), each filter divided by twice its bandwidth."""
        low = MIN_LOW_HZ + self.low_hz_.abs()
        high = torch.clamp(low + MIN_BAND_HZ + self.band_hz_.abs(), MIN_LOW_HZ, SAMPLE_RATE / 2)
        band = high - low
        t = self.half_time.view(1, -1)
        left = (torch.sin(high * t) - torch.sin(low * t)) / (t / 2) * self.half_window
        bank = torch.cat([left, 2 * band, left.flip(1)], dim=1) / (2 * band)
        return bank.unsqueeze(1)

    def forward(self, x):
        x = F.pad(x, official_padding(self.kernel, self.stride), mode="reflect")
        return F.conv1d(x, self.filters(), stride=self.stride)


class Block(nn.Module):
    """Padding, convolution, BatchNorm1d, per-channel PReLU at 0: keys ``conv``, ``norm``, ``act``."""

    def __init__(self, inputs, channels, kernel, stride, sinc):
        super().__init__()
        self.sinc = sinc
        self.padding = official_padding(kernel, stride)
        self.conv = SincFilters(channels, kernel, stride) if sinc else nn.Conv1d(inputs, channels, kernel, stride)
        self.norm = nn.BatchNorm1d(channels)
        self.act = nn.PReLU(channels, init=0)

    def forward(self, x):
        if not self.sinc:
            x = F.pad(x, self.padding, mode="reflect")
        return self.act(self.norm(self.conv(x)))


class QrnnLayer(nn.Module):
    """A window-2 QRNN layer with the salesforce parametrisation.

    ``linear`` maps [x_t, x_{t-1}] (x_{-1} = 0) to the gates Z, F, O (in that order);
    c_t = sigmoid(F) * tanh(Z) + (1 - sigmoid(F)) * c_{t-1}, c_0 = 0; h_t = sigmoid(O) * c_t.
    Input and output (T, B, C).
    """

    def __init__(self, inputs, hidden):
        super().__init__()
        self.hidden = hidden
        self.linear = nn.Linear(2 * inputs, 3 * hidden)

    def forward(self, x):
        previous = torch.cat([torch.zeros_like(x[:1]), x[:-1]], dim=0)
        z, f, o = self.linear(torch.cat([x, previous], dim=2)).chunk(3, dim=2)
        z, f = torch.tanh(z), torch.sigmoid(f)
        c = torch.zeros_like(z[0])
        states = []
        for t in range(x.shape[0]):
            c = f[t] * z[t] + (1 - f[t]) * c
            states.append(c)
        return torch.sigmoid(o) * torch.stack(states), c.unsqueeze(0)


class Qrnn(nn.Module):
    """One QRNN layer in a ``layers`` list, as the salesforce ``QRNN`` module (keys ``layers.0.linear``)."""

    def __init__(self, inputs, hidden):
        super().__init__()
        self.layers = nn.ModuleList([QrnnLayer(inputs, hidden)])

    def forward(self, x):
        y, last = self.layers[0](x)
        return y, last


class OfficialEncoder(nn.Module):
    """The official ``WaveFe`` of PASE.cfg (``layout="pase"``) or PASE+.cfg (``layout="pase+"``).

    Input (B, 1, T), output (B, emb_dim, ceil(T / 160)). As in the official code, the dense skips are
    pooled by an integer ratio of lengths, which is exact only when T is a multiple of 160.
    """

    def __init__(self, layout):
        super().__init__()
        if layout not in LAYOUTS:
            raise ValueError(f"layout '{layout}', expected one of {sorted(LAYOUTS)}")
        spec = LAYOUTS[layout]
        self.layout = layout
        emb_dim = spec["emb_dim"]
        # Registration order follows WaveFe, which creates the skip list before the blocks.
        if spec["dense_skips"]:
            self.denseskips = nn.ModuleList([nn.Conv1d(c, emb_dim, 1, bias=False) for c in CHANNELS[:-1]])
        inputs = 1
        blocks = []
        for i, (kernel, stride, channels) in enumerate(zip(KERNELS, STRIDES, CHANNELS)):
            blocks.append(Block(inputs, channels, kernel, stride, sinc=i == 0))
            inputs = channels
        self.blocks = nn.ModuleList(blocks)
        if spec["qrnn"]:
            self.rnn = Qrnn(inputs, QRNN_HIDDEN)
            inputs = QRNN_HIDDEN
        self.W = nn.Conv1d(inputs, emb_dim, 1)
        self.norm_out = nn.BatchNorm1d(emb_dim, affine=False)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.blocks):
            x = block(x)
            if hasattr(self, "denseskips") and i < len(self.denseskips):
                skips.append(self.denseskips[i](x))
        if hasattr(self, "rnn"):
            x, _ = self.rnn(x.permute(2, 0, 1))
            x = x.permute(1, 2, 0)
        y = self.W(x)
        for skip in skips:
            y = y + _pool_to(skip, y.shape[2])
        return self.norm_out(y)


def _pool_to(skip, frames):
    """Averages groups of skip.T // frames steps, as WaveFe's skip fusion does (no pooling at ratio 1)."""
    factor = skip.shape[2] // frames
    if factor <= 1:
        return skip
    b, c, _ = skip.shape
    return skip[:, :, :frames * factor].reshape(b, c, frames, factor).mean(dim=3)


def _to_mel(hz):
    return 2595 * np.log10(1 + hz / 700)
