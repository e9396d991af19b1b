/**
 * One measurement for bench/webgpu-ab.ts: trains a bench model on webgpu with the source tree at
 * <root> (this checkout or an older commit's worktree) for about <seconds>, then counts one step's
 * dispatches with this checkout's counter, which wraps the backend's runWebGPUProgram and so counts
 * any op set. Prints one JSON line.
 *   node --import tsx bench/webgpu-ab-child.ts <root> <seconds> <model>
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { countDispatches, instrumentDispatches } from '../src/webgpu-kernels/dispatch-count.ts';
import { benchRunConfig, readBenchModels, type ModelName } from './bench-models.ts';
import { randomRegression, randomTokens } from './synthetic-data.ts';

const [root = '.', secondsArg = '10', name = 'gpt-a'] = process.argv.slice(2);
const from = (file: string) => import(path.resolve(root, file));

const { selectBackend } = (await from('src/backend/select.ts')) as typeof import('../src/backend/select.ts');
const { trainRun } = (await from('src/train/train-run.ts')) as typeof import('../src/train/train-run.ts');
const { createTrainable } = (await from('src/train/trainable.ts')) as typeof import('../src/train/trainable.ts');
const { AdamW } = (await from('src/train/adamw.ts')) as typeof import('../src/train/adamw.ts');

const backend = await selectBackend('webgpu');
instrumentDispatches();
const model = readBenchModels()[name as ModelName];
const data = model.family === 'gpt' ? randomTokens(model.vocabSize) : randomRegression(model.inputDim, model.outputDim);
const run = (steps: number) => trainRun(benchRunConfig(name, model, steps), data, backend, { onRow: () => {} });
const tokensPerStep = benchRunConfig(name, model, 1).tokensPerStep;
const warm = await run(2);
const steps = Math.max(2, Math.round(Number(secondsArg) / (tokensPerStep / warm.tokensPerSecond)));
const timed = await run(steps);

const trainable = createTrainable(benchRunConfig(name, model, 1), data, backend);
const optimizer = new AdamW(trainable.params, benchRunConfig(name, model, 1).train, trainable.ops);
const rng = seedrandom('ab');
const step = () => {
  const batch = trainable.trainBatch(rng);
  const { value, grads } = tf.variableGrads(() => trainable.loss(batch));
  tf.dispose([optimizer.step(grads, 1e-3), value, batch.x, batch.y, ...Object.values(grads)]);
};
step();
const { dispatches } = countDispatches(step);
console.log(JSON.stringify({ root, model: name, ops: trainable.ops.name, steps, tokens_per_s: timed.tokensPerSecond, dispatches_per_step: dispatches }));
process.exit(0);
