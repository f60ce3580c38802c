"""Runs pase4j's model in PyTorch for the parity test (lib/src/test/java/org/pase4j/interop/TorchParityTest.java);
by hand, from the repository root:

    python3 lib/src/test/python/parity.py WEIGHTS.npz INPUTS.npz OUT.npz

WEIGHTS: a whole model exported by pase4j (encoder, workers, configuration). INPUTS: ``x``, the
``(3B, 1, T)`` batch; ``target.<worker>``, each worker's target from pase4j's labellers; and
``positions.<worker>``, the ``(anchor, future, past)`` frames pase4j drew for each SpcWorker.
OUT gets float32 arrays:

- ``eval.embeddings`` and ``eval.prediction.<worker>``: evaluation mode (BatchNorm running statistics);
- ``train.loss.<worker>``, ``train.loss.total``: training mode, then ``backward()`` of the total;
- ``grad.<key>``: the gradient of every trainable parameter, by state_dict key;
- ``running.<key>``: every BatchNorm running statistic after the training forward pass;
- ``train64.loss.<worker>``, ``train64.loss.total``, ``grad64.<key>``: the same training step in float64.
"""

import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.normpath(os.path.join(os.path.abspath(__file__), "../../../../../python")))   # the repository's python/
import pase4j_torch  # noqa: E402


def main(weights, inputs, out):
    torch.set_num_threads(1)
    model = pase4j_torch.load_model(weights)
    with np.load(inputs) as npz:
        x = torch.from_numpy(npz["x"])
        targets = {k[len("target."):]: torch.from_numpy(npz[k]) for k in npz.files if k.startswith("target.")}
        positions = {k[len("positions."):]: tuple(int(v) for v in npz[k]) for k in npz.files
                     if k.startswith("positions.")}
    spc = [name for name, w in model.workers.items() if isinstance(w, pase4j_torch.SpcWorker)]
    if len(set(positions[name] for name in spc)) > 1:
        raise ValueError("the SpcWorkers were given different positions; PaseTorch passes one set to all")
    spc_positions = positions[spc[0]] if spc else None
    result = {}

    with torch.no_grad():
        embeddings, predictions = model(x, spc_positions)
    result["eval.embeddings"] = embeddings
    for name, p in predictions.items():
        result["eval.prediction." + name] = p

    train_step(model, x, targets, spc_positions, "", result)
    for key, b in model.named_buffers():
        if key.endswith("running_mean") or key.endswith("running_var"):
            result["running." + key] = b
    model64 = pase4j_torch.load_model(weights).double()
    train_step(model64, x.double(), {k: v.double() for k, v in targets.items()}, spc_positions, "64", result)

    np.savez(out, **{k: v.detach().numpy().astype(np.float32) for k, v in result.items()})


def train_step(model, x, targets, spc_positions, suffix, result):
    """One training-mode forward and backward pass; records the losses and every gradient."""
    model.train()
    _, predictions = model(x, spc_positions)
    losses, total = model.losses(predictions, targets)
    total.backward()
    for name, loss in losses.items():
        result[f"train{suffix}.loss.{name}"] = loss
    result[f"train{suffix}.loss.total"] = total
    for key, p in model.named_parameters():
        if p.requires_grad:
            result[f"grad{suffix}.{key}"] = p.grad


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
