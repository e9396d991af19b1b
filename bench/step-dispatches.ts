/**
 * Dispatches in one training step (forward, backward, global-norm clip and AdamW) of a run, on the
 * webgpu backend: the trainer's own model, data and optimizer, one step to warm up (pipelines
 * compiled, buffers allocated), then one counted step.
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import type { ActiveBackend } from '../src/backend/select.ts';
import type { Dataset } from '../src/data/types.ts';
import { AdamW } from '../src/train/adamw.ts';
import type { RunConfig } from '../src/train/run-config.ts';
import '../src/train/tfjs-gradients.ts';
import { createTrainable } from '../src/train/trainable.ts';
import { countDispatches, type DispatchCount } from '../src/webgpu-kernels/dispatch-count.ts';

export async function stepDispatches(config: RunConfig, data: Dataset, backend: ActiveBackend): Promise<DispatchCount> {
  const model = createTrainable(config, data, backend);
  const optimizer = new AdamW(model.params, config.train, model.ops);
  const rng = seedrandom('step-dispatches');
  const step = () => {
    const batch = model.trainBatch(rng);
    const { value, grads } = tf.variableGrads(() => model.loss(batch));
    tf.dispose([optimizer.step(grads, 1e-3), value, batch.x, batch.y, ...Object.values(grads)]);
  };
  try {
    step();
    const count = countDispatches(step);
    // Waits for the queued work, so a GPU error shows up here and not in the next measurement.
    await tf.ready();
    await (tf.backend() as tf.KernelBackend & { read(id: object): Promise<unknown> }).read(tf.scalar(0).dataId);
    return count;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
