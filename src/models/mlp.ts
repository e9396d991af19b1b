/** Plain MLP (depth hidden layers of one width, ReLU) for regression tasks. */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/types.ts';
import type { Batch, BindTrainable } from './family.ts';
import { constVar, disposeAll, normalVar, seedStream, type Params } from './init.ts';
import { linear } from '../ops/linear.ts';
import type { Ops } from '../ops/ops.ts';
import type { MlpShape } from './shapes.ts';

export interface MlpModel {
  shape: MlpShape;
  params: Params;
  ops: Ops;
}

export function createMlp(shape: MlpShape, seed: number, ops: Ops): MlpModel {
  const next = seedStream(seed, 'mlp-init');
  const widths = [shape.inputDim, ...Array<number>(shape.depth).fill(shape.width), shape.outputDim];
  const params: Params = {};
  for (let i = 0; i + 1 < widths.length; i++) {
    // He initialisation keeps ReLU activations' scale flat with depth.
    params[`l${i}.w`] = normalVar(`l${i}.w`, [widths[i], widths[i + 1]], Math.sqrt(2 / widths[i]), next);
    params[`l${i}.b`] = constVar(`l${i}.b`, [widths[i + 1]], 0);
  }
  return { shape, params, ops };
}

export function mlpPredict(model: MlpModel, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  const layers = model.shape.depth + 1;
  for (let i = 0; i < layers; i++) {
    const w = model.params[`l${i}.w`] as tf.Tensor as tf.Tensor2D; // (in, width), the last (width, out)
    const b = model.params[`l${i}.b`] as tf.Tensor as tf.Tensor1D;
    h = linear(h, w, b, model.ops, i === layers - 1 ? 'linear' : 'relu'); // (B, width), the last (B, out)
  }
  return h;
}

/** Mean squared error over all outputs. */
export function mlpLoss(model: MlpModel, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.squaredDifference(mlpPredict(model, x), y)) as tf.Scalar;
}

/** An MLP bound to a regression dataset: batches of examples. */
export const mlpTrainable: BindTrainable<MlpShape> = (shape, seed, ops, data: Dataset, setting) => {
  if (data.kind !== 'regression') throw new Error(`mlp needs a regression dataset, got ${data.name}`);
  const model = createMlp(shape, seed, ops);
  const toBatch = (b: { x: Float32Array; y: Float32Array }): Batch => {
    const rows = b.x.length / shape.inputDim;
    return { x: tf.tensor2d(b.x, [rows, shape.inputDim]), y: tf.tensor2d(b.y, [rows, shape.outputDim]), size: rows };
  };
  const heldOut = data.heldOutBatches(setting.batchSize, setting.evalTokens).map(toBatch);
  return {
    params: model.params,
    loss: (batch) => mlpLoss(model, batch.x, batch.y),
    trainBatch: (rng) => toBatch(data.trainBatch(rng, setting.batchSize)),
    heldOut,
    ops,
    dispose: () => disposeAll(model.params, heldOut, []),
  };
};
