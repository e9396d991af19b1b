#!/usr/bin/env bash
# 1 worker vs 2 (or more) on this machine: trains the same sweep from scratch with each worker
# count and prints the training wall time (sweep.json's wallSeconds: plan to last run, no fitting)
# and the ratio. wasm runs single-threaded, so on a 2-core machine 2 workers should approach 2×.
#   scripts/bench-workers.sh [spec.ts] [workers...]     (default: experiments/default.ts 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-experiments/default.ts}"
shift || true
counts=("${@:-1 2}")
read -r -a counts <<< "${counts[*]}"
out="$(mktemp -d "${TMPDIR:-/tmp}/toyscale-bench-workers.XXXXXX")"
trap 'rm -rf "$out"' EXIT
echo "spec $spec on $(nproc) cores, backend wasm"
declare -A wall
for k in "${counts[@]}"; do
  node bin/toyscale.js sweep "$spec" --out "$out/w$k" --backend wasm --workers "$k" --progress quiet >/dev/null 2>&1
  wall[$k]=$(node -e 'const fs=require("fs"),p=require("path");const d=p.join(process.argv[1],fs.readdirSync(process.argv[1])[0]);console.log(JSON.parse(fs.readFileSync(p.join(d,"sweep.json"))).wallSeconds.toFixed(1))' "$out/w$k")
  echo "workers $k: ${wall[$k]} s"
done
first="${counts[0]}"
for k in "${counts[@]:1}"; do
  node -e 'const [a,b,k,f]=process.argv.slice(1).map(Number);console.log(`speed-up ${f} → ${k} workers: ${(a/b).toFixed(2)}× (${a} s / ${b} s)`)' "${wall[$first]}" "${wall[$k]}" "$k" "$first"
done
