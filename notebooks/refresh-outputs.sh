#!/usr/bin/env bash
# Refreshes the outputs that the repository's notebooks carry: executes all four notebooks in full mode
# (notebooks/run.sh without PASE4J_FAST: quick.yaml's 24 epochs, 3 split seeds, 50 classifier epochs; about
# 12 minutes of training on two busy cores, more for 04) and writes the executed copies over notebooks/*.ipynb,
# so that a reader sees real outputs without running anything. Nothing is written back unless all four pass.
#   bash notebooks/refresh-outputs.sh
# CI is unaffected: it runs the notebooks in fast mode into results/ (tools/test.sh) and never writes here.
# Review with `git diff --stat notebooks/` and commit; `git checkout notebooks/` discards the outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
executed=$(mktemp -d)
trap 'rm -rf "$executed"' EXIT

# 1. Full mode, all four in order (03 and 04 read 02's run); no download, so every copy shows the bundled corpus
PASE4J_FAST=0 PASE4J_DOWNLOAD=0 NB_SELECT='0*' bash notebooks/run.sh "$executed"

# 2. The executed copies over the tracked notebooks, without the per-cell execution timestamps that
# nbconvert records (they would change every refresh)
for nb in notebooks/0*.ipynb; do
  /usr/bin/python3 - "$executed/$(basename "$nb")" "$nb" <<'EOF'
import json, sys
source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    nb = json.load(f)
for cell in nb["cells"]:
    cell.get("metadata", {}).pop("execution", None)
with open(target, "w", encoding="utf-8") as f:
    f.write(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
EOF
  echo "refreshed $nb"
done
echo "outputs of a full-mode run written into notebooks/*.ipynb (timings: see above)"
