"""PyTorch mirror of pase4j's PASE encoder and workers, and its .npz weight files.

    import sys; sys.path.insert(0, "path/to/pase4j/python")
    import pase4j_torch
    encoder = pase4j_torch.load_encoder("encoder.npz")      # torch.nn.Module, eval mode
    frames = encoder(waveform.view(1, 1, -1))               # (1, 100, ceil(samples / 160))

Needs PyTorch (1.13 or newer) and NumPy; see docs/interop.md.
"""

from .model import (ENCODER_DEFAULTS, OFFICIAL_PASE, DecoderWorker, Encoder, InfoMaxWorker, PaseTorch,
                    RegressionWorker, SpcWorker, pair_labels, resolve_references)
from .weights import load_encoder, load_model, read, save

__all__ = ["ENCODER_DEFAULTS", "OFFICIAL_PASE", "DecoderWorker", "Encoder", "InfoMaxWorker", "PaseTorch",
           "RegressionWorker", "SpcWorker", "load_encoder", "load_model", "pair_labels", "read",
           "resolve_references", "save"]
