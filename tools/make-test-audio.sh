#!/usr/bin/env bash
# Regenerates the small audio fixtures of the Java tests (lib/src/test/resources/audio) with Debian's
# espeak-ng, sox and flac. The fixtures are committed; CI does not run this script.
#   apt-get install -y espeak-ng sox flac
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/lib/src/test/resources/audio"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us+m3 -s 150 -w "$tmp/raw.wav" "The quick brown fox jumps over the lazy dog."
# 16 kHz mono 16-bit with a little noise so that every bit of every sample matters.
sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$tmp/clean.wav" trim 0 1.5 gain -n -3
sox -n -r 16000 -c 1 -b 16 "$tmp/noise.wav" synth 1.5 pinknoise vol 0.02
sox -m "$tmp/clean.wav" "$tmp/noise.wav" -b 16 "$tmp/speech.wav"
flac -s -8 -f -o "$out/speech.flac" "$tmp/speech.wav"
# What sox decodes from the FLAC: the reference for bit-exact decoding.
sox "$out/speech.flac" "$out/speech.sox.wav"
# Formats pase4j must refuse.
sox "$out/speech.flac" -r 44100 "$out/speech-44k.flac"
sox "$out/speech.flac" -c 2 "$out/speech-stereo.flac"
sox "$out/speech.flac" -b 24 "$out/speech-24bit.flac"
sox "$out/speech.flac" -r 8000 "$out/speech-8k.wav"
ls -l "$out"
