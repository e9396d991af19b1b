/**
 * Two wasm kernel binaries side by side: gemm on the dense products of a GPT a / GPT b step, and
 * GELU and the causal softmax on GPT a's tensors, timed alternately, best of each, and whether they
 * give the same bits: for judging a change to kernels.c before committing its build. An older
 * binary from git, for instance:
 *   git show df59e3a:src/wasm-kernels/kernels-relaxed.wasm > /tmp/old.wasm
 *   node --experimental-wasm-relaxed-simd --import tsx bench/kernel-ab.ts /tmp/old.wasm src/wasm-kernels/kernels-relaxed.wasm
 * (Node 20; on Node 22 and later no flag.) Builds without a constants table (before 3ee52b1) ignore
 * the table argument.
 */
import { readFileSync } from 'node:fs';
import { textTable } from '../src/base/format.ts';
import { mulberry32 } from '../src/fit/rng.ts';
import { readBenchModels } from './bench-models.ts';

const [oldFile, newFile] = process.argv.slice(2);
if (!oldFile || !newFile) {
  console.error('usage: node --experimental-wasm-relaxed-simd --import tsx bench/kernel-ab.ts OLD.wasm NEW.wasm');
  process.exit(2);
}
interface Product { name: string; m: number; n: number; k: number; tA: boolean; tB: boolean; elementwise?: 'gelu' | 'softmax' }
const products: Product[] = [];
for (const [model, spec] of Object.entries(readBenchModels())) {
  if (spec.family !== 'gpt') continue;
  const N = spec.batchSize * spec.contextLength;
  const d = spec.dModel;
  for (const [layer, k, n] of [['qkv/proj', d, d], ['mlp fc', d, 4 * d], ['mlp out', 4 * d, d]] as const) {
    products.push({ name: `${model} ${layer} x·w`, m: N, n, k, tA: false, tB: false });
    products.push({ name: `${model} ${layer} dz·wᵀ`, m: N, n: k, k: n, tA: false, tB: true });
    products.push({ name: `${model} ${layer} xᵀ·dz`, m: k, n, k: N, tA: true, tB: false });
  }
}
// GPT a's GELU input [2048, 256] and attention scores [32, 4, 64, 64], as m x n; flops are not counted.
products.push({ name: 'gpt-a GELU [2048,256]', m: 2048, n: 256, k: 0, tA: false, tB: false, elementwise: 'gelu' });
products.push({ name: 'gpt-a causal softmax [32,4,64,64]', m: 8192, n: 64, k: 0, tA: false, tB: false, elementwise: 'softmax' });

interface Exports {
  gemm(...a: number[]): void;
  gelu_forward(x: number, y: number, s: number, n: number, table: number): void;
  softmax_causal(x: number, out: number, rows: number, T: number, table: number): void;
  init_constants?(table: number): void;
}

function gemmOf(file: string) {
  const memory = new WebAssembly.Memory({ initial: 1600 });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { memory } }).exports as unknown as Exports;
  const rng = mulberry32(1);
  const floats = 4 << 20;
  new Float32Array(memory.buffer, 0, 2 * floats).set(Float32Array.from({ length: 2 * floats }, () => rng() * 2 - 1));
  const [a, b, c, s] = [0, floats * 4, 2 * floats * 4, 3 * floats * 4];
  const table = 4 * floats * 4;
  ex.init_constants?.(table);
  for (let i = 0; i < 500; i++) ex.gemm(1, 1, 64, 64, 64, a, 0, 0, 64, 1, b, 0, 0, 64, 1, c, 0, 0, 64, 0, 0, s);
  return {
    time: ({ m, n, k, tA, tB, elementwise }: Product) => {
      const t0 = performance.now();
      if (elementwise === 'gelu') ex.gelu_forward(a, c, b, m * n, table);
      else if (elementwise === 'softmax') ex.softmax_causal(a, c, m, n, table);
      else ex.gemm(1, 1, m, n, k, a, 0, 0, tA ? 1 : k, tA ? m : 1, b, 0, 0, tB ? 1 : n, tB ? k : 1, c, 0, 0, n, 0, 0, s);
      return (performance.now() - t0) / 1000;
    },
    out: (p: Product) => new Float32Array(memory.buffer, c, p.m * p.n).slice(),
  };
}
const gemms = [gemmOf(oldFile), gemmOf(newFile)];
const best = gemms.map(() => products.map(() => Infinity));
for (let round = 0; round < 7; round++)
  gemms.forEach((g, gi) => products.forEach((p, i) => { for (let c = 0; c < 3; c++) best[gi][i] = Math.min(best[gi][i], g.time(p)); }));
const same = products.map((p) => { gemms[0].time(p); const x = gemms[0].out(p); gemms[1].time(p); const y = gemms[1].out(p); return x.every((v, i) => Object.is(v, y[i])); });
const ms = (s: number) => (s * 1e3).toFixed(3);
console.log(`${process.version}, ${oldFile} (old) against ${newFile} (new), best of 21 calls each`);
console.log(textTable(['kernel', 'old ms', 'new ms', 'old/new (speed-up)', 'same bits'], products.map((p, i) => [p.name, ms(best[0][i]), ms(best[1][i]), (best[0][i] / best[1][i]).toFixed(2), same[i] ? 'yes' : 'NO'])));
const total = (g: number) => products.reduce((s, p, i) => s + (p.elementwise ? 0 : best[g][i]), 0);
console.log(`all gemm products: old ${(total(0) * 1e3).toFixed(2)} ms, new ${(total(1) * 1e3).toFixed(2)} ms`);
