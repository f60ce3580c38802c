#!/usr/bin/env bash
# Builds lib/src/main/resources/org/pase4j/model/native/linux-x86_64/libpase4j_mkl_intel_cpu.so from
# tools/native/mkl_intel_cpu.c (needs gcc; the built file is committed, so building pase4j needs no compiler).
#   bash tools/native/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=lib/src/main/resources/org/pase4j/model/native/linux-x86_64
mkdir -p "$out"
gcc -O2 -shared -fPIC -nostdlib -Wl,--build-id=none -s -o "$out/libpase4j_mkl_intel_cpu.so" tools/native/mkl_intel_cpu.c
ls -l "$out/libpase4j_mkl_intel_cpu.so"
