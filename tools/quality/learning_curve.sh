#!/usr/bin/env bash
# A long pre-training run with evaluation snapshots: trains CONFIG in stages (each stage resumes the run
# exactly where the previous one stopped), and after each stage evaluates the newest checkpoint
# (speaker classification and verification against random init and MFCC, 3 split seeds) into
# OUT/eval/epoch-N/. Stops after the last stage or when HOURS of wall time have passed.
#
#   bash tools/quality/learning_curve.sh OUT [CONFIG [KEY=VALUE ...]]
#   STAGES="1 2 4 8 16 32" HOURS=2 THREADS=1 bash tools/quality/learning_curve.sh results/long \
#     tools/quality/quick-recipe.yaml normalize_targets=true lr_update_interval=64
#
# Then: java -cp "lib/target/pase4j.jar:lib/target/lib/*" tools/quality/LearningCurve.java OUT docs/learning-curve.png
set -euo pipefail
out=${1:?usage: learning_curve.sh OUT [CONFIG [KEY=VALUE ...]]}
config=${2:-quick.yaml}
shift $(( $# >= 2 ? 2 : 1 ))
stages=${STAGES:-"1 2 4 8 12 16 24 32 40 48 64 80 96 112 128 160 192 224 256"}
hours=${HOURS:-2}
threads=${THREADS:-1}
jar=${JAR:-lib/target/pase4j.jar}
java=(java "-Dai.djl.pytorch.num_threads=$threads" -Dai.djl.pytorch.num_interop_threads=1 -jar "$jar")
deadline=$(( $(date +%s) + $(awk "BEGIN { print int($hours * 3600) }") ))
mkdir -p "$out/eval"
for epochs in $stages; do
  if [ -f "$out/eval/epoch-$epochs/results.json" ]; then continue; fi
  if [ "$(date +%s)" -ge "$deadline" ]; then echo "time is up before epoch $epochs"; break; fi
  "${java[@]}" train "$config" "output_folder=$out" "number_of_epochs=$epochs" ckpt_save_interval=1 "$@" \
    >> "$out/train.log" 2>&1
  "${java[@]}" evaluate --encoder "$out/save/epoch-$(printf %04d "$epochs")" --data-folder data/LibriSynth \
    --out "$out/eval/epoch-$epochs" >> "$out/eval.log" 2>&1
  echo "$(date -u +%FT%TZ) epoch $epochs evaluated"
done
