#!/usr/bin/env bash
# Files per second of the Spark job (spark-submit, local[1] and local[2]) against `pase4j embed` on one thread, on
# the same files and encoder: files per second of each one's own clock (the job's, without the JVM's and Spark's
# start), and the whole process's wall-clock and CPU seconds; prints the machine and its load, and leaves each
# run's output and log in $OUT.
# A rerun of local[2] over its own output has nothing to do: its cost is Spark's start, the listing and the skip.
# libtorch runs on one thread everywhere (the job's default per task), so local[N] uses N cores. Without a trained
# encoder ($ENCODER) it uses the recipe's architecture at random initialisation (spark/bench/RandomEncoder.java):
# the same work.
# Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, else the same class (SparkSubmit) from Maven's Spark.
#   mvn -B -q -Pspark install -DskipTests && bash spark/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=${INPUT:-data/LibriSynth}
OUT=${OUT:-/tmp/pase4j-spark-bench}
ENCODER=${ENCODER:-$OUT/recipe-random.npz}
THREADS="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
mkdir -p "$OUT"

[ -f "$ENCODER" ] || java -cp 'lib/target/pase4j.jar:lib/target/lib/*' spark/bench/RandomEncoder.java "$ENCODER"
JARS=$(ls spark/target/lib/*.jar | paste -sd,)
if [ -n "${SPARK_HOME:-}" ]; then
  submit=("$SPARK_HOME/bin/spark-submit")
else
  (cd spark && mvn -B -q dependency:build-classpath -Dmdep.includeScope=provided \
    -Dmdep.outputFile=target/spark-classpath.txt)
  # what bin/spark-submit runs: SparkSubmit on Spark's jars, with the JVM flags Spark needs on Java 17
  flags=$(sed -n '/<spark.jvm.flags>/,/<\/spark.jvm.flags>/p' spark/pom.xml | sed 's/<[^>]*>//g' | tr '\n' ' ')
  read -r -a flag_array <<<"$flags"
  submit=(java "${flag_array[@]}" -cp "$(cat spark/target/spark-classpath.txt)" org.apache.spark.deploy.SparkSubmit)
fi

# runs a command, its output into a log file; prints the process's wall-clock and CPU (user + system) seconds
timed() {
  local log=$1
  shift
  local TIMEFORMAT='%R %U %S'
  { time "$@" >"$log" 2>&1; } 2>"$log.time"
  awk '{ printf "%.1f s wall, %.1f s CPU", $1, $2 + $3 }' "$log.time"
}

echo "$(date -u +%Y-%m-%dT%H:%MZ) $(lscpu | grep 'Model name' | sed 's/  */ /g'), $(nproc) cores"
echo "load before: $(uptime | sed 's/.*load/load/')"

rm -rf "$OUT/npy"
process=$(timed "$OUT/embed.log" java $THREADS -Dpase4j.progress=false -jar lib/target/pase4j.jar embed \
  --encoder "$ENCODER" --input "$INPUT" --out "$OUT/npy")
line=$(grep '^embedded ' "$OUT/embed.log")
files=$(echo "$line" | sed 's/^embedded \([0-9]*\) files.*/\1/')
seconds=$(echo "$line" | sed 's/.* of audio in \([0-9.]*\) s.*/\1/')
printf 'embed, 1 thread:  %3s files in %5.1f s: %5.2f files/s; the process: %s\n' "$files" "$seconds" \
  "$(awk "BEGIN { print $files / $seconds }")" "$process"

rm -rf "$OUT"/local*.parquet
for run in 1 2 2-rerun; do
  cores=${run%-rerun}
  process=$(timed "$OUT/local$run.log" "${submit[@]}" --master "local[$cores]" --class org.pase4j.spark.SparkEmbed \
    --jars "$JARS" --conf spark.ui.showConsoleProgress=false spark/target/pase4j-spark.jar \
    --encoder "$ENCODER" --input "$INPUT" --out "$OUT/local$cores.parquet")
  line=$(grep ' files in the input' "$OUT/local$run.log")
  files=$(echo "$line" | sed 's/.*; embedded \([0-9]*\), failed.*/\1/')
  seconds=$(echo "$line" | sed 's/.* in \([0-9.]*\) s: .*/\1/')
  printf 'spark local[%s]%-7s %3s files in %5.1f s: %5.2f files/s; the process: %s\n' "$cores" "${run#"$cores"}:" \
    "$files" "$seconds" "$(awk "BEGIN { print $files / $seconds }")" "$process"
done
echo "load after: $(uptime | sed 's/.*load/load/')"
