"""Reads the runs of bench/side_by_side.sh and prints the ratio table (Markdown).

For each threads setting and measure, every timed run of every round is pooled per tool; the table
gives the medians and the ratio pase4j / PyTorch (below 1: pase4j is faster), and where PyTorch also ran
under pase4j's malloc settings (torch-malloc-*.json), that run's median and ratio too.

    python3 bench/compare.py results/bench/side-by-side
"""
import json
import pathlib
import statistics
import sys

MEASURES = [("encoder_forward", "encoder forward (eval)"), ("train_step", "training step")]


def load(folder):
    """{(tool, threads): {measure: [runs]}} and the header of one pase4j run; tool is pase4j, pytorch or
    pytorch-malloc."""
    runs, header = {}, None
    for path in sorted(folder.glob("pase4j-t*-r*/bench.json")) + sorted(folder.glob("torch-*t*-r*.json")):
        data = json.loads(path.read_text())
        tool = "pytorch-malloc" if path.name.startswith("torch-malloc-") else data["tool"]
        key = (tool, data["threads"])
        for measure, _ in MEASURES:
            runs.setdefault(key, {}).setdefault(measure, []).extend(data["measures"][measure]["runs_ms"])
        if data["tool"] == "pase4j":
            header = data
    return runs, header


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "results/bench/side-by-side")
    runs, header = load(folder)
    if header is None:
        sys.exit(f"no pase4j-t*-r*/bench.json below {folder}")
    torch_versions = {json.loads(p.read_text())["versions"]["torch"] for p in folder.glob("torch-*t*-r*.json")}
    print(f"{header['date'][:10]}, {header['machine']}; batch {header['batch_triples']} triples x "
          f"{header['chunk_size']} samples ({header['config']}); pase4j {header['versions'].get('pase4j', '?')} "
          f"({header['versions'].get('engine', '?')}) vs PyTorch {', '.join(sorted(torch_versions))}; "
          f"medians of all timed runs, rounds alternating; pase4j with malloc: "
          f"{header['versions'].get('malloc', '?')}\n")
    same = any(tool == "pytorch-malloc" for tool, _ in runs)
    extra_head, extra_rule = (" PyTorch, same malloc | pase4j / that |", "---:|---:|") if same else ("", "")
    print(f"| measure | threads | pase4j | PyTorch | pase4j / PyTorch |{extra_head}")
    print(f"|---|---:|---:|---:|---:|{extra_rule}")
    for threads in sorted({t for _, t in runs}):
        for measure, label in MEASURES:
            ours = runs.get(("pase4j", threads), {}).get(measure)
            theirs = runs.get(("pytorch", threads), {}).get(measure)
            if not ours or not theirs:
                continue
            a, b = statistics.median(ours), statistics.median(theirs)
            row = f"| {label} | {threads} | {a:.0f} ms | {b:.0f} ms | {a / b:.2f} |"
            alike = runs.get(("pytorch-malloc", threads), {}).get(measure)
            if same:
                c = statistics.median(alike) if alike else None
                row += f" {c:.0f} ms | {a / c:.2f} |" if c else " – | – |"
            print(row)


if __name__ == "__main__":
    main()
