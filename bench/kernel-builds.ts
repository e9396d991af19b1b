/**
 * The two builds of the wasm kernels side by side on the dense products of a GPT a / GPT b training
 * step: each build's gemm instantiated on a memory of its own, the same operands, the builds timed
 * alternately (ROUNDS rounds), each figure the best of its calls (a shared machine only ever slows a
 * call down), also as a share of this core's peak (bench/peak.ts). No tfjs: the kernel alone.
 *   node --experimental-wasm-relaxed-simd --import tsx bench/kernel-builds.ts   (Node 20; no flag on 22+)
 */
import os from 'node:os';
import { textTable } from '../src/base/format.ts';
import { mulberry32 } from '../src/fit/rng.ts';
import { KERNEL_BUILDS, kernelBytes, relaxedSimdAvailable, type KernelBuild } from '../src/wasm-kernels/kernel-build.ts';
import { readBenchModels } from './bench-models.ts';
import { bestPeak, measurePeak } from './peak.ts';

const ROUNDS = 5;
const CALLS = 3;

interface Product {
  name: string;
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** Forward x·w, input gradient dz·wᵀ and weight gradient xᵀ·dz of each dense layer. */
function denseProducts(): Product[] {
  const out: Product[] = [];
  for (const [model, spec] of Object.entries(readBenchModels())) {
    if (spec.family !== 'gpt') continue;
    const N = spec.batchSize * spec.contextLength;
    const d = spec.dModel;
    for (const [layer, k, n] of [['qkv/proj', d, d], ['mlp fc', d, 4 * d], ['mlp out', 4 * d, d], ['unembed', d, spec.vocabSize]] as const) {
      out.push({ name: `${model} ${layer} x·w`, m: N, n, k, transposeA: false, transposeB: false });
      out.push({ name: `${model} ${layer} dz·wᵀ`, m: N, n: k, k: n, transposeA: false, transposeB: true });
      out.push({ name: `${model} ${layer} xᵀ·dz`, m: k, n, k: N, transposeA: true, transposeB: false });
    }
  }
  return out;
}

interface Gemm {
  (p: Product): number;
}

/** One build's gemm on its own memory: operands filled once, returns seconds for one call. */
function gemmOf(build: KernelBuild): Gemm {
  const memory = new WebAssembly.Memory({ initial: 1600 }); // 100 MiB
  const exports = new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(build)), { env: { memory } }).exports as unknown as {
    gemm(...args: number[]): void;
  };
  const rng = mulberry32(1);
  const floats = 4 << 20; // A and B regions, 16 MiB each
  new Float32Array(memory.buffer, 0, 2 * floats).set(Float32Array.from({ length: 2 * floats }, () => rng() * 2 - 1));
  const [a, b, c, scratch] = [0, floats * 4, 2 * floats * 4, 3 * floats * 4];
  // V8 runs new code on its baseline compiler and tiers it up after a while: small calls first.
  for (let i = 0; i < 500; i++) exports.gemm(1, 1, 64, 64, 64, a, 0, 0, 64, 1, b, 0, 0, 64, 1, c, 0, 0, 64, 0, 0, scratch);
  return ({ m, n, k, transposeA, transposeB }) => {
    const start = performance.now();
    exports.gemm(1, 1, m, n, k, a, 0, 0, transposeA ? 1 : k, transposeA ? m : 1, b, 0, 0, transposeB ? 1 : n, transposeB ? k : 1, c, 0, 0, n, 0, 0, scratch);
    return (performance.now() - start) / 1000;
  };
}

if (!relaxedSimdAvailable()) {
  process.stderr.write('this runtime does not validate relaxed SIMD: on Node 20 run with node --experimental-wasm-relaxed-simd\n');
  process.exit(2);
}
const peak = bestPeak(measurePeak());
const products = denseProducts();
const gemms = Object.fromEntries(KERNEL_BUILDS.map((b) => [b, gemmOf(b)])) as Record<KernelBuild, Gemm>;
const best = Object.fromEntries(KERNEL_BUILDS.map((b) => [b, products.map(() => Infinity)])) as Record<KernelBuild, number[]>;
for (let round = 0; round < ROUNDS; round++) {
  for (const build of KERNEL_BUILDS) {
    products.forEach((p, i) => {
      for (let call = 0; call < CALLS; call++) best[build][i] = Math.min(best[build][i], gemms[build](p));
    });
  }
}
const flops = (p: Product) => 2 * p.m * p.n * p.k;
const cell = (p: Product, seconds: number) => `${(flops(p) / seconds / 1e9).toFixed(1)} (${((100 * flops(p)) / seconds / 1e9 / peak).toFixed(0)}%)`;
console.log(`peak ${peak.toFixed(1)} GFLOP/s (bench/peak.ts); best of ${ROUNDS * CALLS} calls per build, builds alternating; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const rows = products.map((p, i) => [p.name, `[${p.m}x${p.k}]·[${p.k}x${p.n}]`, ...KERNEL_BUILDS.map((b) => cell(p, best[b][i]))]);
for (const model of ['gpt-a', 'gpt-b']) {
  const idx = products.map((p, i) => (p.name.startsWith(model) ? i : -1)).filter((i) => i >= 0);
  const total = (b: KernelBuild) => idx.reduce((s, i) => s + best[b][i], 0);
  const all: Product = { name: '', m: 1, n: 1, k: idx.reduce((s, i) => s + flops(products[i]), 0) / 2, transposeA: false, transposeB: false };
  rows.push([`${model} all dense products`, '', ...KERNEL_BUILDS.map((b) => cell(all, total(b)))]);
}
console.log(textTable(['product', 'shape', ...KERNEL_BUILDS.map((b) => `${b} GFLOP/s (of peak)`)], rows));
