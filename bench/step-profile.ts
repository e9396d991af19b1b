/**
 * Where a training step's time goes: one step of a bench model (bench/models.json) under
 * tf.profile, kernel by kernel, on a pure backend, with the op choices the trainer would make.
 *
 *   npx tsx bench/step-profile.ts [gpt-a|gpt-b|mlp] [--backend wasm|cpu] [--batch B] [--by-shape] [--top N]
 *
 * Prints the median wall time of a step (forward, backward and AdamW) over 21 steps, then the
 * kernels of one profiled step grouped by name (or by name and input shapes), longest first.
 * Kernel times on wasm are wall-clock around each kernel, so they include tfjs's dispatch.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadBackend } from '../src/backend/probe.ts';
import { textTable } from '../src/base/format.ts';
import '../src/train/tfjs-gradients.ts';
import { createGpt, gptLoss } from '../src/models/gpt.ts';
import type { Params } from '../src/models/init.ts';
import { createMlp, mlpLoss } from '../src/models/mlp.ts';
import { opsFor } from '../src/backend/registry.ts';
import { AdamW } from '../src/train/adamw.ts';
import { MODEL_NAMES, readBenchModels, type ModelName } from './bench-models.ts';
import { median } from './median.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    backend: { type: 'string', default: 'wasm' },
    'by-shape': { type: 'boolean', default: false },
    top: { type: 'string', default: '20' },
    // The default sweep's largest run is gpt-a's shape at batch 16.
    batch: { type: 'string' },
  },
});
const model = (positionals[0] ?? 'gpt-b') as ModelName;
const backend = values.backend as 'wasm' | 'cpu';
if (!MODEL_NAMES.includes(model) || !['wasm', 'cpu'].includes(backend)) {
  console.error(`usage: npx tsx bench/step-profile.ts [${MODEL_NAMES.join('|')}] [--backend wasm|cpu] [--batch B] [--by-shape] [--top N]`);
  process.exit(2);
}
const probe = await loadBackend(backend);
if (!probe.usable) throw new Error(`${backend}: ${probe.reason}`);
const ops = opsFor(backend);

const spec = { ...readBenchModels()[model], ...(values.batch ? { batchSize: Number(values.batch) } : {}) };
let params: Params;
let loss: () => tf.Scalar;
let tokensPerStep: number;
if (spec.family === 'gpt') {
  const gpt = createGpt(spec, 1, ops);
  const x = tf.randomUniformInt([spec.batchSize, spec.contextLength], 0, spec.vocabSize) as tf.Tensor2D;
  const y = tf.randomUniformInt([spec.batchSize, spec.contextLength], 0, spec.vocabSize) as tf.Tensor2D;
  params = gpt.params;
  loss = () => gptLoss(gpt, x, y);
  tokensPerStep = spec.batchSize * spec.contextLength;
} else {
  const mlp = createMlp(spec, 1, ops);
  const x = tf.randomNormal([spec.batchSize, spec.inputDim]) as tf.Tensor2D;
  const y = tf.randomNormal([spec.batchSize, spec.outputDim]) as tf.Tensor2D;
  params = mlp.params;
  loss = () => mlpLoss(mlp, x, y);
  tokensPerStep = spec.batchSize;
}
const optimizer = new AdamW(params, { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, gradClip: 1 }, ops);
const step = () => {
  const { value, grads } = tf.variableGrads(loss);
  tf.dispose([value, optimizer.step(grads, 1e-3), ...Object.values(grads)]);
};

for (let i = 0; i < 5; i++) step();
const times: number[] = [];
for (let i = 0; i < 21; i++) {
  const start = performance.now();
  step();
  times.push(performance.now() - start);
}
const stepMs = median(times);
console.log(`${model} on ${backend} (${ops.name} ops): step ${stepMs.toFixed(1)} ms median of 21, ${Math.round((tokensPerStep / stepMs) * 1000)} tokens/s`);

const info = await tf.profile(step);
const groups = new Map<string, { ms: number; calls: number }>();
let total = 0;
// tf.customGrad shows up as a kernel named 'forward' whose time includes the kernels inside it.
const kernels = info.kernels.filter((k) => k.name !== 'forward');
for (const k of kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  const key = values['by-shape'] ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
  const group = groups.get(key) ?? { ms: 0, calls: 0 };
  group.ms += ms;
  group.calls++;
  groups.set(key, group);
  total += ms;
}
console.log(`${kernels.length} kernels, ${total.toFixed(1)} ms in kernels (the rest of a step is tfjs's bookkeeping in JavaScript)\n`);
const rows = [...groups].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top));
console.log(textTable(['ms', 'share', 'calls', 'kernel'], rows.map(([key, g]) => [g.ms.toFixed(2), `${((100 * g.ms) / total).toFixed(0)}%`, String(g.calls), key])));
