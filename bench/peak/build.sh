#!/bin/sh
# Builds the peak probe (peak.c) twice: without and with relaxed SIMD. Needs clang 16 and wasm-ld
# (Debian 12: apt-get install -y clang-16 lld-16).
set -e
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-16}
for variant in simd128 relaxed; do
  extra=""
  [ "$variant" = relaxed ] && extra="-mrelaxed-simd"
  "$CLANG" --target=wasm32 -O3 -msimd128 $extra -ffp-contract=off -nostdlib -fno-builtin \
    -Wl,--no-entry -Wl,--strip-all -o "peak-$variant.wasm" peak.c
  echo "built $(pwd)/peak-$variant.wasm"
done
