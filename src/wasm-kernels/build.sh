#!/bin/sh
# Rebuilds kernels.wasm from kernels.c and records the source's hash in kernels.c.sha256, which a
# test compares with kernels.c so the committed binary cannot silently lag its source.
# Needs clang 14, wasm-ld and llvm-objdump (Debian: apt-get install -y clang-14 lld-14).
# --import-memory: the module works in tfjs's wasm memory, so operands need no copies.
set -e
cd "$(dirname "$0")"
clang-14 --target=wasm32 -O3 -msimd128 -nostdlib -fno-builtin \
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all \
  -o kernels.wasm kernels.c
# The module must not touch memory it was not given. Its only global is the linker's stack
# pointer (an address inside tfjs's memory), so any global access means the code spills to a stack.
if llvm-objdump-14 -d kernels.wasm | grep -E 'global\.(get|set)'; then
  echo "kernels.wasm uses a global (a stack): refusing it; restructure the C so nothing spills" >&2
  rm -f kernels.wasm
  exit 1
fi
sha256sum kernels.c | cut -d' ' -f1 > kernels.c.sha256
echo "built $(pwd)/kernels.wasm ($(wc -c < kernels.wasm) bytes)"
