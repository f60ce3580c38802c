#!/usr/bin/env bash
# Executes every notebooks/0*.ipynb in a Java kernel (rapaio-jupyter-kernel) with nbconvert.
#   bash notebooks/run.sh [OUTPUT_FOLDER]        (default results/notebooks)
# Installs what is missing (notebooks/install-kernel.sh: Debian's Jupyter, the kernel jar from Maven Central
# with pase4j's start-up fix, the user kernelspec `pase4j-java`) and (re)builds lib/target/pase4j.jar.
# PASE4J_FAST=1: tiny work (CI). PASE4J_DOWNLOAD=1: 01-data downloads Mini LibriSpeech.
# NB_SELECT: a glob of the notebooks to run (default 0*). NB_TIMEOUT: seconds per cell (default 3600). NB_TRIES: tries per notebook when the kernel fails to
# start (default 5); a failing cell is never retried and fails the run (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-results/notebooks}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tries=${NB_TRIES:-5}
timeout=${NB_TIMEOUT:-3600}
jupyter=/usr/bin/jupyter   # Debian's, on the system Python (a pyenv python3 on PATH may lack nbformat)

# 1. Jupyter, the Java kernel with pase4j's start-up fix, the kernelspec pase4j-java
bash notebooks/install-kernel.sh

# 2. The pase4j jar and its dependencies (lib/target/lib), which the notebooks load with %jars
mvn -B -q package -DskipTests   # incremental: rebuilds only what changed, so the notebooks never see a stale jar

# 3. Execute the notebooks; retry only a kernel that failed to start (a counted safety net: with the
# start-up fix, notebooks/kernel_starts.py measured no failure in 100 starts)
export PASE4J_NB_RUN="$$-$(date +%s)"   # marks this run's kernels (they inherit the environment)
startup='Kernel didn.t respond|Kernel died before replying to kernel_info|RuntimeError: Kernel didn|TimeoutError: Kernel'
retries=0
summary=()
shopt -s nullglob
notebooks=(notebooks/${NB_SELECT:-0*}.ipynb)
if [ ${#notebooks[@]} -eq 0 ] || [ ! -f "${notebooks[0]}" ]; then
  echo "no notebook matches notebooks/${NB_SELECT:-0*}.ipynb"
  exit 1
fi
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  log="$out/$name.log"
  attempt=1
  while :; do
    start=$(date +%s)
    set +e
    (cd notebooks && "$jupyter" nbconvert --to notebook --execute \
        --ExecutePreprocessor.kernel_name=pase4j-java --ExecutePreprocessor.timeout="$timeout" \
        --ExecutePreprocessor.startup_timeout=60 \
        --output-dir "$out" --output "$name" "$name.ipynb") >"$log" 2>&1
    rc=$?
    set -e
    secs=$(( $(date +%s) - start ))
    if [ $rc -eq 0 ]; then
      break
    fi
    if grep -q "CellExecutionError" "$log" || ! grep -Eq "$startup" "$log"; then
      tail -n 60 "$log"
      echo "FAILED: $name (exit $rc after ${secs}s; not a kernel start-up failure, not retried; log $log)"
      exit 1
    fi
    if [ "$attempt" -ge "$tries" ]; then
      tail -n 30 "$log"
      echo "FAILED: $name: the kernel did not start in $tries tries (log $log)"
      exit 1
    fi
    mv "$log" "$out/$name.startup-failure-$attempt.log"
    echo "$name: kernel start-up failure after ${secs}s (try $attempt of $tries), retrying"
    attempt=$((attempt + 1))
    retries=$((retries + 1))
  done
  "$jupyter" nbconvert --to html --output-dir "$out" "$out/$name.ipynb" >>"$log" 2>&1
  line=$(printf '%-16s %5d s  (tries: %d)' "$name" "$secs" "$attempt")
  echo "$line"
  summary+=("$line")
done
# no kernel of this run may outlive it
orphans=""
for pid in $(pgrep -f pase4j-kernel-fix.jar || true); do
  if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "PASE4J_NB_RUN=$PASE4J_NB_RUN"; then
    orphans="$orphans $pid"
  fi
done
if [ -n "$orphans" ]; then
  echo "kernels left running by this run, stopped: $(echo $orphans)"
  kill $orphans 2>/dev/null || true
fi
echo "notebooks executed into $out (fast mode: ${PASE4J_FAST:-0}); kernel start-up retries: $retries"
printf '%s\n' "${summary[@]}" "retries: $retries" > "$out/timings.txt"
