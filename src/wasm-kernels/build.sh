#!/bin/sh
# Rebuilds both builds of kernels.c and records the source's hash in kernels.c.sha256, which a test
# compares with kernels.c so the committed binaries cannot silently lag their source:
#   kernels.wasm          WebAssembly SIMD (simd128): every runtime toyscale supports;
#   kernels-relaxed.wasm  plus relaxed SIMD (fused multiply-add; both keep the 4x8 register tile): Node >= 22,
#                         and Node 20 with --experimental-wasm-relaxed-simd (module.ts picks one).
# Needs clang 16 or later, wasm-ld and llvm-objdump (Debian 12: apt-get install -y clang-16 lld-16).
# --import-memory: the module works in tfjs's wasm memory, so operands need no copies.
# -ffp-contract=off: a multiply and an add fuse only where the source says madd.
set -e
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-16}
OBJDUMP=${OBJDUMP:-llvm-objdump-16}
build() {
  out=$1
  shift
  "$CLANG" --target=wasm32 -O3 -msimd128 "$@" -ffp-contract=off -nostdlib -fno-builtin \
    -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all \
    -o "$out" kernels.c
  # The module must not touch memory it was not given. Its only global is the linker's stack
  # pointer (an address inside tfjs's memory), so any global access means the code spills to a stack.
  if "$OBJDUMP" -d "$out" | grep -E 'global\.(get|set)'; then
    echo "$out uses a global (a stack): refusing it; restructure the C so nothing spills" >&2
    rm -f "$out"
    exit 1
  fi
  echo "built $(pwd)/$out ($(wc -c < "$out") bytes)"
}
build kernels.wasm
build kernels-relaxed.wasm -mrelaxed-simd
sha256sum kernels.c | cut -d' ' -f1 > kernels.c.sha256
# The binaries' hashes: a test checks them, so a binary replaced by hand (not by this script) shows.
sha256sum kernels.wasm kernels-relaxed.wasm > kernels.wasm.sha256
