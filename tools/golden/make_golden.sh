#!/usr/bin/env bash
# Regenerates the golden values that the labeller tests (lib/src/test/java/org/pase4j/label) compare
# against: MFCC and log power spectrum from torchaudio, RMS and zero-crossing rate from numpy, F0 from
# Praat, plus the synthetic tone fixture. The outputs are committed; CI does not run this script.
#   apt-get install -y python3-torchaudio python3-scipy python3-numpy python3-soundfile praat
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3   # Debian's python with torchaudio from apt, not a pyenv one
for tool in praat "$PY"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (see header for apt-get line)" >&2; exit 1; }
done
OMP_NUM_THREADS=1 "$PY" "$HERE/make_golden.py"
