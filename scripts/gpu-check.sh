#!/bin/sh
# The GPU check (bench/gpu-check.ts): one command, under 8 minutes on a GPU node, that records the
# GPU, webgpu's correctness against cpu, the time of one dispatch, tokens/s and dispatches per
# training step per model beside PyTorch eager CUDA, and sweep
# throughput against runs per GPU into one folder (default gpu-check-<date>/, see --out).
# Works from a checkout (scripts/gpu-check.sh) and from the offline bundle (./gpu-check.sh).
set -e
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/gpu-check.mjs" ]; then
  cd "$here"
  exec env TOYSCALE_MAIN=gpu-check.mjs "$here/toyscale" "$@"
fi
cd "$here/.."
exec node --import tsx bench/gpu-check.ts "$@"
