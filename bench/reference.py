"""The PyTorch reference of `pase4j bench`: the same network and training step in PyTorch from Python.

The model is python/pase4j_torch (the mirror that the parity tests prove equal to pase4j), built from
the same train.yaml. A training step is what pase4j's is: encoder and every worker forward on a batch
of 3B chunks, the mean of the worker losses, backward, one Adam step for the encoder and one per worker
(torch.optim.Adam, the recipe's learning rates). Inputs are random waveforms and random targets of the
right shapes (pase4j times real batches and computes its labels inside the step). Writes JSON with the
keys of pase4j's bench.json for the measures they share: encoder_forward, train_step.

    /usr/bin/python3 bench/reference.py --threads 1 --out results/bench/torch.json
"""
import argparse
import datetime
import json
import pathlib
import platform
import statistics
import sys
import time

import torch
import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "python"))
import pase4j_torch  # noqa: E402


def timing(warmup, repeats, body):
    """Runs body warmup times untimed, then repeats times timed: the bench.json timing fields."""
    for _ in range(warmup):
        body()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        runs.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(runs), "min_ms": min(runs), "max_ms": max(runs), "runs_ms": runs}


def targets_for(model, x):
    """Random regression targets shaped like each regressor's prediction; 1/0 labels for classifiers."""
    with torch.no_grad():
        _, predictions = model(x)
    targets = {}
    for name, prediction in predictions.items():
        if model.kinds[name] == "regressor":
            targets[name] = torch.randn_like(prediction)
        else:
            half = prediction.shape[0] // 2
            targets[name] = torch.cat([torch.ones_like(prediction[:half]), torch.zeros_like(prediction[half:])])
    return targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", nargs="?", default="train.yaml")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    parser.add_argument("--batch", type=int, default=8, help="triples per batch")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default="results/bench/torch.json")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    config = yaml.safe_load(pathlib.Path(args.config).read_text())
    torch.manual_seed(int(config.get("seed", 1986)))
    model = pase4j_torch.PaseTorch(config)
    chunk = int(config.get("chunk_size", 16000))
    x = 0.1 * torch.randn(3 * args.batch, 1, chunk)

    model.eval()
    def forward():
        with torch.no_grad():
            model.encoder(x)
    encoder = timing(args.warmup, args.repeats, forward)

    model.train()
    targets = targets_for(model, x)
    encoder_lr = float(config.get("encoder_lr_start", 5e-4))
    worker_lr = float(config.get("worker_lr_start", 5e-4))
    optimizers = [torch.optim.Adam(model.encoder.parameters(), lr=encoder_lr)]
    optimizers += [torch.optim.Adam(w.parameters(), lr=worker_lr) for w in model.workers.values()]

    def step():
        for o in optimizers:
            o.zero_grad(set_to_none=True)
        _, predictions = model(x)
        _, total = model.losses(predictions, targets)
        total.backward()
        for o in optimizers:
            o.step()
    train_step = timing(args.warmup, args.repeats, step)

    out = {
        "tool": "pytorch",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "machine": platform.processor() or platform.machine(),
        "threads": torch.get_num_threads(),
        "config": args.config,
        "batch_triples": args.batch,
        "chunk_size": chunk,
        "warmup": args.warmup,
        "repeats": args.repeats,
        "versions": {"torch": torch.__version__, "python": platform.python_version()},
        "measures": {"encoder_forward": encoder, "train_step": train_step},
    }
    path = pathlib.Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2))
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads: encoder forward "
          f"{encoder['median_ms']:.0f} ms, training step {train_step['median_ms']:.0f} ms (medians) -> {path}")


if __name__ == "__main__":
    main()
