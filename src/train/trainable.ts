/**
 * Binds a model to its data: one interface for the trainer whether the run is a GPT on tokens or
 * an MLP on regression examples, so train-run.ts has a single loop.
 */
import * as tf from '@tensorflow/tfjs-core';
import { opsFor } from '../backend/registry.ts';
import type { ActiveBackend } from '../backend/select.ts';
import type { Dataset, Rng } from '../data/types.ts';
import { createGpt, gptLoss } from '../models/gpt.ts';
import type { Params } from '../models/init.ts';
import { createMlp, mlpLoss } from '../models/mlp.ts';
import type { Ops } from '../ops/ops.ts';
import type { RunConfig } from './run-config.ts';

export interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** Examples in the batch: weights the mean over held-out batches. */
  size: number;
}

export interface Trainable {
  params: Params;
  loss(batch: Batch): tf.Scalar;
  trainBatch(rng: Rng): Batch;
  /** Held-out batches, created once and kept for the whole run. */
  heldOut: Batch[];
  /** The backend's op set, which the model runs on and the optimizer uses too. */
  ops: Ops;
  dispose(): void;
}

export function createTrainable(config: RunConfig, data: Dataset, backend: ActiveBackend): Trainable {
  const { model, train, seed } = config;
  const ops = opsFor(backend.name);
  if (model.family === 'gpt') {
    if (data.kind !== 'sequence') throw new Error(`run ${config.runId}: gpt needs a token dataset, got ${data.name}`);
    const gpt = createGpt(model, seed, ops);
    const T = model.contextLength;
    const toBatch = (b: { x: Int32Array; y: Int32Array }): Batch => {
      const rows = b.x.length / T;
      return { x: tf.tensor2d(b.x, [rows, T], 'int32'), y: tf.tensor2d(b.y, [rows, T], 'int32'), size: rows };
    };
    const heldOut = data.heldOutBatches(train.batchSize, T, train.evalTokens).map(toBatch);
    return {
      params: gpt.params,
      loss: (batch) => gptLoss(gpt, batch.x, batch.y),
      trainBatch: (rng) => toBatch(data.trainBatch(rng, train.batchSize, T)),
      heldOut,
      ops,
      dispose: () => disposeAll(gpt.params, heldOut, [gpt.mask]),
    };
  }
  if (data.kind !== 'regression') throw new Error(`run ${config.runId}: mlp needs a regression dataset, got ${data.name}`);
  const mlp = createMlp(model, seed, ops);
  const toBatch = (b: { x: Float32Array; y: Float32Array }): Batch => {
    const rows = b.x.length / model.inputDim;
    return { x: tf.tensor2d(b.x, [rows, model.inputDim]), y: tf.tensor2d(b.y, [rows, model.outputDim]), size: rows };
  };
  const heldOut = data.heldOutBatches(train.batchSize, train.evalTokens).map(toBatch);
  return {
    params: mlp.params,
    loss: (batch) => mlpLoss(mlp, batch.x, batch.y),
    trainBatch: (rng) => toBatch(data.trainBatch(rng, train.batchSize)),
    heldOut,
    ops,
    dispose: () => disposeAll(mlp.params, heldOut, []),
  };
}

function disposeAll(params: Params, batches: Batch[], extra: tf.Tensor[]): void {
  for (const v of Object.values(params)) v.dispose();
  for (const b of batches) tf.dispose([b.x, b.y]);
  tf.dispose(extra);
}
