/**
 * Dispatches per training step (forward, backward, global-norm clip and AdamW) of the bench models
 * on webgpu, counted as bench/step-dispatches.ts counts them: every runWebGPUProgram call and every
 * dispatch of toyscale's own kernels. A GPU runs a toy model's step in about this many times the
 * fixed cost of a dispatch, so a change that adds dispatches fails here. tfjs's op-by-op kernels
 * took 801, 1,474 and 118.
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { AdamW } from '../../src/train/adamw.ts';
import { storageBufferLimit } from '../../src/webgpu-kernels/adamw.ts';
import '../../src/train/tfjs-gradients.ts';
import { createTrainable } from '../../src/train/trainable.ts';
import { expectNoLeaks } from '../helpers/wasm-kernel-checks.ts';
import { benchRunConfig, readBenchModels, type ModelName } from '../../bench/bench-models.ts';
import { stepDispatches } from '../../bench/step-dispatches.ts';
import { randomRegression, randomTokens } from '../../bench/synthetic-data.ts';
import { useBackend } from '../helpers/backend.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

/** The ceilings of issue 28. */
const CEILING: Record<ModelName, number> = { 'gpt-a': 200, 'gpt-b': 300, mlp: 40 };

/**
 * Today's counts, so that any dispatch added fails here (raise a number only on purpose): the
 * forward and backward passes, and the parameter tensors, whose optimizer dispatches depend on the
 * adapter's storage buffers per shader stage (src/webgpu-kernels/adamw.ts).
 */
const MODEL_DISPATCHES: Record<ModelName, { passes: number; tensors: number }> = {
  'gpt-a': { passes: 90, tensors: 36 },
  'gpt-b': { passes: 168, tensors: 68 },
  mlp: { passes: 24, tensors: 6 },
};

/** AdamW's dispatches (⌊(limit − 1) / 7⌋ tensors each) and the global norm's (limit − 1 gradients, then limit − 2 with the running sum). */
function optimizerDispatches(tensors: number, limit: number): number {
  const adamw = Math.ceil(tensors / Math.max(1, Math.floor((limit - 1) / 7)));
  const norm = 1 + Math.max(0, Math.ceil((tensors - (limit - 1)) / (limit - 2)));
  return adamw + norm;
}

describe.runIf(webgpuAvailability().ok)('dispatches per training step on webgpu', { timeout: 300_000 }, () => {
  it.each(Object.keys(CEILING) as ModelName[])('%s stays under its ceiling, at today\'s count, with no fill or transpose round trips', async (name) => {
    const backend = await useBackend('webgpu');
    const model = readBenchModels()[name];
    const data = model.family === 'gpt' ? randomTokens(model.vocabSize) : randomRegression(model.inputDim, model.outputDim);
    const count = await stepDispatches(benchRunConfig(name, model, 10), data, backend);
    console.log(`${name}: ${count.dispatches} dispatches per step ${JSON.stringify(count.byProgram)}`);
    expect(count.dispatches).toBeLessThanOrEqual(CEILING[name]);
    const { passes, tensors } = MODEL_DISPATCHES[name];
    expect(count.dispatches, 'a dispatch was added or removed: update MODEL_DISPATCHES if on purpose').toBe(passes + optimizerDispatches(tensors, storageBufferLimit()));
    // Split-K matmuls (a fill before each, atomics) and per-head transposes are gone; the one
    // transpose pair left is the tied unembedding's wteᵀ and its gradient.
    expect(count.byProgram.FillProgram ?? 0).toBe(0);
    expect(count.byProgram.MatMulSplitKProgram ?? 0).toBe(0);
    expect(count.byProgram.TransposeProgram ?? 0).toBe(0);
  });

  it('a training step leaves as many tensors and GPU buffers as it found', async () => {
    const backend = await useBackend('webgpu');
    const model = readBenchModels()['gpt-a'];
    if (model.family !== 'gpt') throw new Error('gpt-a is a GPT');
    const config = benchRunConfig('gpt-a', { ...model, batchSize: 2 }, 10);
    const trainable = createTrainable(config, randomTokens(model.vocabSize), backend);
    const optimizer = new AdamW(trainable.params, config.train, trainable.ops);
    const rng = seedrandom('leaks');
    try {
      await expectNoLeaks(async () => {
        const batch = trainable.trainBatch(rng);
        const { value, grads } = tf.variableGrads(() => trainable.loss(batch));
        const norm = optimizer.step(grads, 1e-3);
        await norm.data();
        tf.dispose([norm, value, batch.x, batch.y, ...Object.values(grads)]);
      });
    } finally {
      optimizer.dispose();
      trainable.dispose();
    }
  });
});
