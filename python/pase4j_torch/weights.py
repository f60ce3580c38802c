"""pase4j's .npz weight files (docs/interop.md): one float32 array per state_dict key, and the
configuration as UTF-8 YAML text in a uint8 array under ``__config__``.

    encoder = pase4j_torch.load_encoder("encoder.npz")   # an Encoder in eval mode
    model = pase4j_torch.load_model("model.npz")         # a PaseTorch: encoder and workers
    pase4j_torch.save(model, "tuned.npz")                # pase4j reads it back
"""

import json
import os
import tempfile

import numpy as np
import torch

from .model import Encoder, PaseTorch

CONFIG_KEY = "__config__"
ENCODER_PREFIX = "encoder."
NORMALIZERS = "normalizers."


def read(path):
    """Reads a file: ``(config, {key: numpy float32 array})``."""
    with np.load(path, allow_pickle=False) as npz:
        if CONFIG_KEY not in npz.files:
            raise ValueError(f"{path}: missing key '{CONFIG_KEY}', expected a file written by pase4j export or "
                             f"pase4j_torch.save")
        text = npz[CONFIG_KEY].tobytes().decode("utf-8")
        arrays = {k: npz[k] for k in npz.files if k != CONFIG_KEY}
    try:
        config = json.loads(text)  # what pase4j writes: JSON, a subset of YAML
    except json.JSONDecodeError:
        import yaml  # hand-written YAML

        config = yaml.safe_load(text)
    if not isinstance(config, dict) or not isinstance(config.get("encoder_model"), dict):
        raise ValueError(f"{path}: '{CONFIG_KEY}' holds no encoder_model mapping")
    for key, value in arrays.items():
        if value.dtype != np.float32:
            raise ValueError(f"{path}: key '{key}' has dtype {value.dtype}, expected float32")
    return config, arrays


def load_model(path, encoder_only=False):
    """Builds the model a file describes and loads its weights, in eval mode (BatchNorm uses its running
    statistics; call ``.train()`` to fine-tune). With ``encoder_only`` the workers are left out."""
    config, arrays = read(path)
    if encoder_only:
        config = {"encoder_model": config["encoder_model"]}
        arrays = {k: v for k, v in arrays.items() if k.startswith(ENCODER_PREFIX)}
    model = PaseTorch(config)
    for key in arrays:
        if key.startswith(NORMALIZERS) and key.endswith(".mean"):
            name = key[len(NORMALIZERS):-len(".mean")]
            std = arrays.get(f"{NORMALIZERS}{name}.std")
            if std is None:
                raise ValueError(f"{path}: missing key '{NORMALIZERS}{name}.std' beside '{key}'")
            model.set_normalizer(name, torch.from_numpy(arrays[key]), torch.from_numpy(std))
    model.load_state_dict({k: torch.from_numpy(v) for k, v in arrays.items()})
    return model.eval()


def load_encoder(path):
    """The encoder of a file (an encoder export or a whole model), in eval mode."""
    return load_model(path, encoder_only=True).encoder


def save(model, path):
    """Writes a PaseTorch or an Encoder to ``path`` (atomically) in the format pase4j imports."""
    if isinstance(model, Encoder):
        config = {"encoder_model": model.config}
        state = {ENCODER_PREFIX + k: v for k, v in model.state_dict().items()}
    elif isinstance(model, PaseTorch):
        config = model.config
        state = model.state_dict()
    else:
        raise TypeError(f"expected a pase4j_torch Encoder or PaseTorch, got {type(model).__name__}")
    arrays = {CONFIG_KEY: np.frombuffer((json.dumps(config, indent=2) + "\n").encode("utf-8"), dtype=np.uint8)}
    for key, value in state.items():
        if key.endswith(".num_batches_tracked"):
            continue  # PyTorch's step counter, unused with a momentum; pase4j has none
        arrays[key] = np.ascontiguousarray(value.detach().cpu().numpy(), dtype=np.float32)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
