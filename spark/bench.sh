#!/usr/bin/env bash
# Files per second of the Spark job (spark-submit, local[1] and local[2]) against `pase4j embed` on one thread, on
# the same files and encoder; prints the CPU and the load, and leaves each run's output and log in $OUT.
# libtorch runs single-threaded everywhere (the job's default per task), so local[N] uses N cores. Without a trained encoder ($ENCODER) it
# uses the recipe's architecture at random initialisation (spark/bench/RandomEncoder.java): the same work.
# Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, else the same class (SparkSubmit) from Maven's Spark.
#   mvn -B -q install -DskipTests && bash spark/bench.sh
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

echo "$(date -u +%Y-%m-%dT%H:%MZ) $(lscpu | grep 'Model name' | sed 's/  */ /g'), $(nproc) cores"
echo "load before: $(uptime | sed 's/.*load/load/')"

rm -rf "$OUT/npy"
start=$(date +%s.%N)
java $THREADS -Dpase4j.progress=false -jar lib/target/pase4j.jar embed --encoder "$ENCODER" --input "$INPUT" --out "$OUT/npy" \
  >"$OUT/embed.log" 2>&1
wall=$(awk "BEGIN { print $(date +%s.%N) - $start }")
line=$(grep '^embedded ' "$OUT/embed.log")
files=$(echo "$line" | sed 's/^embedded \([0-9]*\) files.*/\1/')
seconds=$(echo "$line" | sed 's/.* of audio in \([0-9.]*\) s.*/\1/')
printf 'embed (1 thread):  %s files in %5.1f s: %5.2f files/s (JVM start to exit %5.1f s)\n' "$files" "$seconds" \
  "$(awk "BEGIN { print $files / $seconds }")" "$wall"

for cores in 1 2; do
  rm -rf "$OUT/local$cores.parquet"
  start=$(date +%s.%N)
  "${submit[@]}" --master "local[$cores]" --class org.pase4j.spark.SparkEmbed --jars "$JARS" \
    --conf spark.ui.showConsoleProgress=false \
    spark/target/pase4j-spark.jar --encoder "$ENCODER" --input "$INPUT" --out "$OUT/local$cores.parquet" \
    >"$OUT/local$cores.log" 2>&1
  wall=$(awk "BEGIN { print $(date +%s.%N) - $start }")
  line=$(grep ' files in the input' "$OUT/local$cores.log")
  files=$(echo "$line" | sed 's/.*; embedded \([0-9]*\), failed.*/\1/')
  seconds=$(echo "$line" | sed 's/.* in \([0-9.]*\) s: .*/\1/')
  printf 'spark local[%s]:   %s files in %5.1f s: %5.2f files/s (JVM start to exit %5.1f s)\n' "$cores" "$files" \
    "$seconds" "$(awk "BEGIN { print $files / $seconds }")" "$wall"
done
echo "load after: $(uptime | sed 's/.*load/load/')"
