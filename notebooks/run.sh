#!/usr/bin/env bash
# Executes every notebooks/0*.ipynb in a Java kernel (rapaio-jupyter-kernel) with nbconvert.
#   bash notebooks/run.sh [OUTPUT_FOLDER]        (default results/notebooks)
# Installs what is missing: Debian's Jupyter (apt-get), the kernel jar (Maven Central, via mvn), the
# kernelspec `pase4j-java` (user install), and (re)builds lib/target/pase4j.jar.
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
kernel_version=3.0.1
kernel_home=${PASE4J_KERNEL_HOME:-$HOME/.local/share/pase4j-kernel}
kernel_jar=$kernel_home/rapaio-jupyter-kernel-$kernel_version.jar
jupyter=/usr/bin/jupyter   # Debian's, on the system Python (a pyenv python3 on PATH may lack nbformat)

# 1. Jupyter from Debian
pkgs=(jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q "${missing[@]}" || { $sudo apt-get update -q && $sudo apt-get install -y -q "${missing[@]}"; }
fi

# 2. The kernel jar from Maven Central, and its kernelspec
if [ ! -f "$kernel_jar" ]; then
  mkdir -p "$kernel_home"
  mvn -B -q dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$kernel_version \
    -DoutputDirectory="$kernel_home"
fi
spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
cat > "$spec/kernel.json" <<JSON
{
  "argv": ["java", "-Xss4m", "-jar", "$kernel_jar", "{connection_file}"],
  "display_name": "Java (pase4j)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {"RJK_TIMEOUT_MILLIS": "-1"}
}
JSON
$jupyter kernelspec install --user --name pase4j-java "$spec" >/dev/null 2>&1

# 3. The pase4j jar and its dependencies (lib/target/lib), which the notebooks load with %jars
mvn -B -q package -DskipTests   # incremental: rebuilds only what changed, so the notebooks never see a stale jar

# 4. Execute the notebooks; retry only a kernel that failed to start
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
echo "notebooks executed into $out (fast mode: ${PASE4J_FAST:-0}); kernel start-up retries: $retries"
printf '%s\n' "${summary[@]}" "retries: $retries" > "$out/timings.txt"
