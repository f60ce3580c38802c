#!/usr/bin/env bash
# pase4j against the same network in PyTorch, side by side in one run: for each threads setting, rounds
# alternate `pase4j bench` and bench/reference.py (encoder forward and training step, warm-up runs then
# timed runs each), then bench/compare.py prints the medians over all timed runs and the ratio
# pase4j / PyTorch (below 1: pase4j is faster).
#
#   bash bench/side_by_side.sh                 # threads 1 and 2, 3 rounds, batch 8 triples
#   THREADS="1" ROUNDS=2 BATCH=2 bash bench/side_by_side.sh
#
# pase4j runs with its allocator settings (org.pase4j.util.MallocSettings: tcmalloc where installed); PyTorch runs
# as installed and, unless SAME_MALLOC=0, a second time under the same settings (bin/malloc-env), so that the
# table shows what they alone are worth.
#
# Needs Java 17 + Maven (the jar is built when missing) and Debian's python3-torch, python3-yaml.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-"1 2"}
ROUNDS=${ROUNDS:-3}
BATCH=${BATCH:-8}
WARMUP=${WARMUP:-1}
REPEATS=${REPEATS:-3}
CONFIG=${CONFIG:-train.yaml}
OUT=${OUT:-results/bench/side-by-side}
PYTHON=${PYTHON:-/usr/bin/python3}
SAME_MALLOC=${SAME_MALLOC:-1}

if ! "$PYTHON" -c "import torch, yaml" 2>/dev/null; then
  echo "$PYTHON cannot import torch and yaml: apt-get install python3-torch python3-yaml (or set PYTHON)" >&2
  exit 1
fi
[ -f lib/target/pase4j.jar ] || mvn -B -q package -DskipTests
# the settings as the jar applies them (it restarts itself with them)
malloc=$(bin/malloc-env | tr '\n' ' ')

rm -rf "$OUT"
mkdir -p "$OUT"
for threads in $THREADS; do
  for round in $(seq 1 "$ROUNDS"); do
    echo "== threads $threads, round $round/$ROUNDS: pase4j"
    java -Dpase4j.progress=false -jar lib/target/pase4j.jar bench "$CONFIG" --only encoder,step \
      --threads "$threads" --batch "$BATCH" --warmup "$WARMUP" --repeats "$REPEATS" \
      --out "$OUT/pase4j-t$threads-r$round" | grep -E '^\| (encoder|training)'
    echo "== threads $threads, round $round/$ROUNDS: PyTorch"
    "$PYTHON" bench/reference.py "$CONFIG" --threads "$threads" --batch "$BATCH" --warmup "$WARMUP" \
      --repeats "$REPEATS" --out "$OUT/torch-t$threads-r$round.json"
    if [ "$SAME_MALLOC" = 1 ]; then
      echo "== threads $threads, round $round/$ROUNDS: PyTorch with $malloc"
      # shellcheck disable=SC2086
      env $malloc "$PYTHON" bench/reference.py "$CONFIG" --threads "$threads" --batch "$BATCH" --warmup "$WARMUP" \
        --repeats "$REPEATS" --out "$OUT/torch-malloc-t$threads-r$round.json"
    fi
  done
done
"$PYTHON" bench/compare.py "$OUT" | tee "$OUT/ratios.md"
