/**
 * The matmuls of one training step of GPT a and GPT b (bench/models.json), shape by shape, on
 * tfjs's wasm backend: the strided kernel of src/wasm-kernels (matMul2d / stridedMatMul), tfjs's
 * own tf.matMul with the same transpose flags (XNNPACK only untransposed with batch 1, a naive loop
 * otherwise), and tf.matMul after an explicit tf.transpose (the old workaround); and, when
 * /usr/bin/python3 has torch, torch.matmul on one thread. Each figure is the median of REPS timed
 * calls after WARMUP untimed ones, in GFLOP/s (2·m·n·k per product).
 *
 * The strided kernel's GFLOP/s is also given as a share of this core's 128-bit wasm SIMD peak
 * (bench/peak.ts), measured in the same process first.
 *
 * Run: npx tsx bench/matmul.ts (Node 20: node --experimental-wasm-relaxed-simd --import tsx bench/matmul.ts
 * for the relaxed-SIMD build; TOYSCALE_WASM_KERNELS=simd128 forces the other)
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { loadBackend } from '../src/backend/probe.ts';
import { textTable } from '../src/base/format.ts';
import { matMul2d, stridedMatMul } from '../src/ops/wasm-kernels.ts';
import { kernelsVersion } from '../src/wasm-kernels/module.ts';
import { registerWasmKernels } from '../src/wasm-kernels/register.ts';
import { readBenchModels, type BenchModel } from './bench-models.ts';
import { median } from './median.ts';
import { bestPeak, measurePeak } from './peak.ts';

const WARMUP = 2;
const REPS = 11;
const PYTHON = '/usr/bin/python3';

/** One product shape: batch × op(A)[m, k]·op(B)[k, n]; an attention row reads heads out of [B·T, d]. */
interface Shape {
  model: string;
  name: string;
  batch: number;
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  /** How many times one training step runs it. */
  perStep: number;
  /** For attention rows: [B, T, H, hd] and which per-head product. */
  heads?: { B: number; T: number; H: number; hd: number; op: 'x·yᵀ' | 'p·y' | 'pᵀ·y' };
}

/** The distinct matmuls of a GPT training step: dense layers forward, dx = dz·wᵀ, dw = xᵀ·dz, and attention per head. */
function gptShapes(model: string, spec: BenchModel): Shape[] {
  if (spec.family !== 'gpt') throw new Error(`${model} is not a GPT`);
  const B = spec.batchSize;
  const T = spec.contextLength;
  const d = spec.dModel;
  const H = spec.nHead;
  const hd = d / H;
  const V = spec.vocabSize;
  const L = spec.nLayer;
  const N = B * T;
  const shapes: Shape[] = [];
  const dense = (name: string, k: number, n: number, perStep: number) => {
    // Forward x[N, k]·w[k, n]; input gradient dz[N, n]·w[k, n]ᵀ; weight gradient x[N, k]ᵀ·dz[N, n].
    shapes.push({ model, name: `${name} fwd x·w`, batch: 1, m: N, n, k, transposeA: false, transposeB: false, perStep });
    shapes.push({ model, name: `${name} dx dz·wᵀ`, batch: 1, m: N, n: k, k: n, transposeA: false, transposeB: true, perStep });
    shapes.push({ model, name: `${name} dw xᵀ·dz`, batch: 1, m: k, n, k: N, transposeA: true, transposeB: false, perStep });
  };
  dense('q,k,v,proj', d, d, 4 * L);
  dense('mlp fc', d, 4 * d, L);
  dense('mlp out', 4 * d, d, L);
  dense('unembed', d, V, 1);
  const heads = (op: NonNullable<Shape['heads']>['op'], name: string, m: number, n: number, k: number, tA: boolean, tB: boolean) =>
    shapes.push({ model, name, batch: B * H, m, n, k, transposeA: tA, transposeB: tB, perStep: 2 * L, heads: { B, T, H, hd, op } });
  // q·kᵀ and dO·vᵀ; p·v and dS·k; dSᵀ·q and pᵀ·dO: each twice a layer.
  heads('x·yᵀ', 'attn q·kᵀ, dO·vᵀ', T, T, hd, false, true);
  heads('p·y', 'attn p·v, dS·k', T, hd, T, false, false);
  heads('pᵀ·y', 'attn pᵀ·dO, dSᵀ·q', T, hd, T, true, false);
  return shapes;
}


/** Median seconds of f over REPS calls after WARMUP; each call's tensors are disposed (inside the timing). */
function time(f: () => tf.Tensor): number {
  for (let i = 0; i < WARMUP; i++) tf.tidy(f);
  const seconds: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const start = performance.now();
    tf.tidy(f).dispose();
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}

interface Timing {
  strided: number;
  tfjs: number;
  /** null when nothing is transposed (the same call as tfjs). */
  transposed: number | null;
}

function measure(s: Shape): Timing {
  const { batch, m, n, k, transposeA: tA, transposeB: tB } = s;
  if (s.heads) {
    const { B, T, H, hd, op } = s.heads;
    const d = H * hd;
    // Strided: heads read in place from [B·T, d] (and p from [B, H, T, T]), as src/ops/attention.ts does,
    // without its causal skipping so that every column does the same FLOPs.
    const x = tf.randomNormal([B * T, d]);
    const y = tf.randomNormal([B * T, d]);
    const p = tf.randomNormal([B, H, T, T]);
    // tfjs: head-major [B·H, T, hd] copies made beforehand (their cost is not counted).
    const x3 = tf.randomNormal([B * H, T, hd]);
    const y3 = tf.randomNormal([B * H, T, hd]);
    const p3 = tf.reshape(p, [B * H, T, T]);
    const rows = [T * d, hd, d, 1] as [number, number, number, number];
    const rowsT = [T * d, hd, 1, d] as [number, number, number, number];
    const square = [H * T * T, T * T, T, 1] as [number, number, number, number];
    const squareT = [H * T * T, T * T, 1, T] as [number, number, number, number];
    const byHeads = { dims: [B, H, T, hd, T] as [number, number, number, number, number], b: rows, c: [T * d, hd, d] as [number, number, number], outShape: [B * T, d] };
    let timing: Timing;
    if (op === 'x·yᵀ') {
      timing = {
        strided: time(() => stridedMatMul(x, y, { dims: [B, H, T, T, hd], a: rows, b: rowsT, c: [H * T * T, T * T, T], outShape: [B, H, T, T] })),
        tfjs: time(() => tf.matMul(x3, y3, false, true)),
        transposed: time(() => tf.matMul(x3, tf.transpose(y3, [0, 2, 1]))),
      };
    } else if (op === 'p·y') {
      timing = { strided: time(() => stridedMatMul(p, y, { ...byHeads, a: square })), tfjs: time(() => tf.matMul(p3, y3)), transposed: null };
    } else {
      timing = {
        strided: time(() => stridedMatMul(p, y, { ...byHeads, a: squareT })),
        tfjs: time(() => tf.matMul(p3, y3, true, false)),
        transposed: time(() => tf.matMul(tf.transpose(p3, [0, 2, 1]), y3)),
      };
    }
    tf.dispose([x, y, p, x3, y3, p3]);
    return timing;
  }
  if (batch !== 1) throw new Error('dense shapes are not batched');
  const a = tf.randomNormal(tA ? [k, m] : [m, k]) as tf.Tensor2D;
  const b = tf.randomNormal(tB ? [n, k] : [k, n]) as tf.Tensor2D;
  const timing: Timing = {
    strided: time(() => matMul2d(a, b, tA, tB)),
    tfjs: time(() => tf.matMul(a, b, tA, tB)),
    transposed: tA || tB ? time(() => tf.matMul(tA ? tf.transpose(a) : a, tB ? tf.transpose(b) : b)) : null,
  };
  tf.dispose([a, b]);
  return timing;
}

/** torch.matmul on one thread for the same shapes and reps, or the reason it was skipped. */
function torchTimes(shapes: Shape[]): number[] | string {
  const script = `
import json, statistics, sys, time
import torch
torch.set_num_threads(1)
spec = json.load(sys.stdin)
torch.manual_seed(0)
out = []
with torch.no_grad():
    for s in spec["shapes"]:
        batch, m, n, k, ta, tb = s
        lead = () if batch == 1 else (batch,)
        a = torch.randn(*lead, k, m).transpose(-1, -2) if ta else torch.randn(*lead, m, k)
        b = torch.randn(*lead, n, k).transpose(-1, -2) if tb else torch.randn(*lead, k, n)
        for _ in range(spec["warmup"]):
            torch.matmul(a, b)
        times = []
        for _ in range(spec["reps"]):
            start = time.perf_counter()
            torch.matmul(a, b)
            times.append(time.perf_counter() - start)
        out.append(statistics.median(times))
print(json.dumps({"torch": torch.__version__, "seconds": out}))
`;
  const input = JSON.stringify({ warmup: WARMUP, reps: REPS, shapes: shapes.map((s) => [s.batch, s.m, s.n, s.k, s.transposeA, s.transposeB]) });
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync(PYTHON, ['-c', script], { input, env, encoding: 'utf8', timeout: 120_000 });
  if (result.error) return `${PYTHON} could not run (${result.error.message})`;
  if (result.status !== 0) {
    const lines = result.stderr.trim().split('\n');
    return lines[lines.length - 1] ?? `exit status ${result.status}`;
  }
  const parsed = JSON.parse(result.stdout.trim().split('\n').pop()!) as { torch: string; seconds: number[] };
  console.log(`torch ${parsed.torch} on 1 thread`);
  return parsed.seconds;
}

const probe = await loadBackend('wasm');
if (!probe.usable) throw new Error(`wasm backend not usable: ${probe.reason}`);
registerWasmKernels();
const peak = measurePeak();
const yardstick = bestPeak(peak);
console.log(`toyscale kernels ${kernelsVersion()}; peak mul+add ${peak.mulAdd.toFixed(1)} GFLOP/s, FMA ${peak.fma === null ? 'unavailable' : `${peak.fma.toFixed(1)} GFLOP/s`} (bench/peak.ts)`);
console.log(`${probe.detail}; median of ${REPS} calls after ${WARMUP} warm-up calls; GFLOP/s = 2·batch·m·n·k / time`);

// V8 first runs wasm on its baseline compiler and tiers a function up once it has run a while; a
// call already running keeps its code. Small calls first, so that no shape is timed on baseline code.
tf.tidy(() => {
  const a = tf.randomNormal([64, 64]) as tf.Tensor2D;
  for (let i = 0; i < 500; i++) matMul2d(a, a, false, false).dispose();
});

const models = readBenchModels();
const shapes = [...gptShapes('gpt-a', models['gpt-a']), ...gptShapes('gpt-b', models['gpt-b'])];
const started = performance.now();
const timings = shapes.map(measure);
const torch = torchTimes(shapes);
if (typeof torch === 'string') console.log(`torch skipped: ${torch}`);

const flops = (s: Shape) => 2 * s.batch * s.m * s.n * s.k;
const gflops = (s: Shape, seconds: number | null) => (seconds === null ? '-' : (flops(s) / seconds / 1e9).toFixed(1));
const operand = (rows: number, cols: number, t: boolean) => (t ? `[${cols}x${rows}]ᵀ` : `[${rows}x${cols}]`);
const header = ['model', 'product', 'shape', 'per step', 'strided ms', 'strided', 'of peak', 'tf.matMul', 'transpose+matMul', ...(typeof torch === 'string' ? [] : ['torch'])];
const rows = shapes.map((s, i) => [
  s.model,
  s.name,
  `${s.batch > 1 ? `${s.batch} × ` : ''}${operand(s.m, s.k, s.transposeA)}·${operand(s.k, s.n, s.transposeB)}`,
  String(s.perStep),
  (timings[i].strided * 1000).toFixed(2),
  gflops(s, timings[i].strided),
  `${((100 * flops(s)) / timings[i].strided / 1e9 / yardstick).toFixed(0)}%`,
  gflops(s, timings[i].tfjs),
  gflops(s, timings[i].transposed),
  ...(typeof torch === 'string' ? [] : [gflops(s, torch[i])]),
]);
// Per training step: each product's time times how often a step runs it.
for (const model of ['gpt-a', 'gpt-b']) {
  const total = (pick: (i: number) => number) =>
    shapes.reduce((sum, s, i) => (s.model === model ? sum + s.perStep * pick(i) : sum), 0);
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;
  rows.push([
    model,
    'all matmuls of a step',
    '',
    '',
    '',
    ms(total((i) => timings[i].strided)),
    `${((100 * total((i) => flops(shapes[i]))) / total((i) => timings[i].strided) / 1e9 / yardstick).toFixed(0)}%`,
    ms(total((i) => timings[i].tfjs)),
    ms(total((i) => timings[i].transposed ?? timings[i].tfjs)),
    ...(typeof torch === 'string' ? [] : [ms(total((i) => torch[i]))]),
  ]);
}
console.log(`\nGFLOP/s per product (the last rows: time per training step)\n`);
console.log(textTable(header, rows));
console.log(
  `\nAttention rows: the strided kernel reads each head in place from [B·T, d] (p from [B, H, T, T]), without its causal skipping; ` +
    `tf.matMul and torch get head-major [B·H, T, hd] tensors made beforehand. "-": nothing to transpose (same call as tf.matMul).`,
);
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
