/**
 * How much of a training step is batch assembly on the host: the most a tf.data prefetch could
 * hide. A step only queues kernels, so on a GPU the next batch is already built while the last
 * step runs; this measures whether the assembly matters at all.
 *
 *   npx tsx bench/batch-share.ts [webgpu|wasm|cpu]      (gpt-a's shape on Brown, 25 timed steps)
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { loadBackend } from '../src/backend/probe.ts';
import type { BackendName } from '../src/backend/names.ts';
import { loadDataset } from '../src/data/load.ts';
import { AdamW } from '../src/train/adamw.ts';
import '../src/train/tfjs-gradients.ts';
import { createTrainable } from '../src/train/trainable.ts';
import { benchRunConfig, readBenchModels } from './bench-models.ts';

const name = (process.argv[2] ?? 'wasm') as BackendName;
const probe = await loadBackend(name);
if (!probe.usable) throw new Error(`${name}: ${probe.reason}`);
const data = await loadDataset({ kind: 'brown', tokenizer: 'char', heldOutFraction: 0.05 });
if (data.kind !== 'sequence') throw new Error('brown is a token dataset');
const gptA = readBenchModels()['gpt-a'];
if (gptA.family !== 'gpt') throw new Error('gpt-a is a GPT');
const config = benchRunConfig('gpt-a', { ...gptA, vocabSize: data.vocabSize }, 30);
const model = createTrainable(config, data, { name, device: '', parallelRuns: 'one' });
const optimizer = new AdamW(model.params, config.train, model.ops);
const rng = seedrandom('batch-share');
const WARM = 5;
let batchMs = 0;
let start = 0;
for (let i = 0; i < config.steps; i++) {
  if (i === WARM) {
    await tf.scalar(0).data(); // the warm-up's queued work is done
    start = performance.now();
  }
  const t = performance.now();
  const batch = model.trainBatch(rng);
  if (i >= WARM) batchMs += performance.now() - t;
  const { value, grads } = tf.variableGrads(() => model.loss(batch));
  optimizer.step(grads, 1e-3).dispose();
  tf.dispose([value, batch.x, batch.y, ...Object.values(grads)]);
}
const last = tf.tidy(() => tf.sum(model.params.wte));
await last.data(); // every queued step has run
const steps = config.steps - WARM;
const stepMs = (performance.now() - start) / steps;
console.log(`${name}: ${stepMs.toFixed(2)} ms a step, batch assembly ${((batchMs / steps) * 1000).toFixed(0)} µs = ${((100 * batchMs) / steps / stepMs).toFixed(3)}% of it`);
process.exit(0);
