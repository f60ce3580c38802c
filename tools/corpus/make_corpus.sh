#!/usr/bin/env bash
# Build data/LibriSynth: a small synthetic multi-speaker speech corpus in LibriSpeech layout
# (16 speakers x 12 utterances, 16 kHz mono 16-bit FLAC), deterministically from a fixed seed.
#
# Needs Debian packages (bookworm):
#   apt-get install -y espeak-ng flite sox flac festival festvox-kallpc16k festvox-kdlpc16k \
#                      python3-numpy python3-scipy python3-sklearn
# Usage: tools/corpus/make_corpus.sh [OUT_ROOT]      (default: data/LibriSynth)
#        SEED=... to change the seed; EXTRA_ARGS="..." to pass options to synth_corpus.py.
# Synthesis output depends on the package versions, so the generated corpus is committed rather
# than regenerated in CI. Runs one process at a time.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
cd "$REPO"

OUT="${1:-data/LibriSynth}"
SEED="${SEED:-20240607}"
RANDOM=$SEED
PY=/usr/bin/python3   # Debian's python (numpy/scipy/sklearn from apt), not a pyenv one

for tool in espeak-ng flite text2wave sox soxi flac "$PY"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (see header for apt-get line)" >&2; exit 1; }
done

echo "== versions"
for p in espeak-ng flite festival festvox-kallpc16k festvox-kdlpc16k sox flac; do
  printf '  %-18s %s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo '?')"
done

echo "== synthesising into $OUT (seed $SEED)"
# shellcheck disable=SC2086
"$PY" "$HERE/synth_corpus.py" --out "$OUT" --seed "$SEED" ${EXTRA_ARGS:-}

echo "== checking every FLAC (16000 Hz, 1 channel, 16-bit, >= 1.5 s, decodes)"
n=0; bad=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  r=$(soxi -r "$f"); c=$(soxi -c "$f"); b=$(soxi -b "$f"); d=$(soxi -D "$f")
  if [[ "$r" != 16000 || "$c" != 1 || "$b" != 16 ]] || ! awk -v d="$d" 'BEGIN{exit !(d >= 1.5)}' \
     || ! flac -t -s "$f" 2>/dev/null; then
    echo "BAD: $f ($r Hz, $c ch, $b bit, $d s)" >&2; bad=$((bad + 1))
  fi
done < <(find "$OUT" -name '*.flac' -print0 | sort -z)
echo "  $n files, $bad bad"
[[ $bad -eq 0 ]] || exit 1

total=$(find "$OUT" -name '*.flac' -print0 | xargs -0 soxi -D | awk '{s += $1} END {printf "%.1f", s}')
echo "== total duration ${total} s; size: $(du -sh "$(dirname "$OUT")" | cut -f1) ($(dirname "$OUT"))"
