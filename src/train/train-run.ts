/**
 * Trains one run from start to end, top to bottom like nanoGPT's train.py: build the model,
 * loop over steps, evaluate on the fixed held-out batches at log-spaced steps, stop on divergence.
 * It touches no files: each logged point goes to `onRow`, and the worker writes it.
 *
 * It is async so that GPU backends never block: a step only queues kernels, and the host reads a
 * value (`await tensor.data()`) only at log points, where the loss is really needed. There too,
 * any error the GPU reported off the call path (webgpu) fails the run.
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { throwIfDeviceFailed } from '../backend/device-errors.ts';
import type { ActiveBackend } from '../backend/select.ts';
import type { Dataset } from '../data/types.ts';
import type { RunConfig } from './run-config.ts';
import { AdamW } from './adamw.ts';
import { evalSteps, learningRate } from './schedule.ts';
import './tfjs-gradients.ts';
import type { Trainable } from '../models/family.ts';
import { createTrainable } from './trainable.ts';

export interface CurveRow {
  step: number;
  tokens: number;
  flops_6nd: number;
  flops: number;
  /** Mean train loss over the steps since the previous row (null at step 0). */
  train_loss: number | null;
  /** Held-out loss, on eval steps only. */
  eval_loss: number | null;
  lr: number;
  seconds: number;
}

export interface RunOutcome {
  status: 'done' | 'diverged';
  reason?: string;
  stepsCompleted: number;
  tokensTrained: number;
  finalEvalLoss: number | null;
  /** Standard error of finalEvalLoss over the held-out batches (batch means): the eval set's own noise. */
  finalEvalSe: number | null;
  bestEvalLoss: number | null;
  /** Wall time of the whole run, evaluation included. */
  seconds: number;
  /** Tokens per second of the training steps alone. */
  tokensPerSecond: number;
}

export interface TrainHooks {
  onRow(row: CurveRow): void;
}

/** Rows between evaluations: about 100 per run, so divergence is caught early and curves are smooth. */
const ROWS_PER_RUN = 100;

export async function trainRun(config: RunConfig, data: Dataset, backend: ActiveBackend, hooks: TrainHooks): Promise<RunOutcome> {
  const { train, steps, tokensPerStep, counts } = config;
  const model = createTrainable(config, data, backend);
  const optimizer = new AdamW(model.params, train, model.ops);
  const rng = seedrandom(`batches:${config.seed}`);
  const evalAt = new Set(evalSteps(steps, train.evalPoints));
  const logEvery = Math.max(1, Math.round(steps / ROWS_PER_RUN));
  const start = performance.now();
  let trainMs = 0;
  let lossSum: tf.Scalar = tf.keep(tf.scalar(0));
  let lossCount = 0;
  let initialLoss = Number.NaN;
  let bestEval: number | null = null;
  let lastEval: number | null = null;
  let lastEvalSe: number | null = null;
  let outcome: Pick<RunOutcome, 'status' | 'reason'> = { status: 'done' };
  let step = 0;

  const log = async (lr: number): Promise<boolean> => {
    // Reading the loss waits for every queued step to finish, so on a GPU that wait is training time.
    const readStart = performance.now();
    const trainLoss = lossCount > 0 ? (await lossSum.data())[0] / lossCount : null;
    trainMs += performance.now() - readStart;
    const evaluated = evalAt.has(step) ? await evaluate(model) : null;
    const evalLoss = evaluated?.mean ?? null;
    throwIfDeviceFailed();
    lossSum.dispose();
    lossSum = tf.keep(tf.scalar(0));
    lossCount = 0;
    if (evalLoss !== null) {
      lastEval = evalLoss;
      lastEvalSe = evaluated?.se ?? null;
      bestEval = bestEval === null ? evalLoss : Math.min(bestEval, evalLoss);
      if (step === 0) initialLoss = evalLoss;
    }
    const tokens = step * tokensPerStep;
    hooks.onRow({
      step,
      tokens,
      flops_6nd: tokens * counts.flopsPerToken6N,
      flops: tokens * counts.flopsPerTokenCounted,
      train_loss: trainLoss,
      eval_loss: evalLoss,
      lr,
      seconds: (performance.now() - start) / 1000,
    });
    const watched = trainLoss ?? evalLoss;
    if (watched !== null && !Number.isFinite(watched)) {
      outcome = { status: 'diverged', reason: `loss became ${watched} at step ${step}` };
    } else if (watched !== null && watched > train.divergenceFactor * initialLoss) {
      outcome = { status: 'diverged', reason: `loss ${watched.toFixed(3)} exceeded ${train.divergenceFactor}× the initial ${initialLoss.toFixed(3)} at step ${step}` };
    }
    return outcome.status === 'done';
  };

  try {
    let lr = learningRate(0, steps, train.learningRate, train.warmupFraction, train.minLrFraction);
    await log(lr);
    while (step < steps) {
      lr = learningRate(step, steps, train.learningRate, train.warmupFraction, train.minLrFraction);
      const t0 = performance.now();
      const batch = model.trainBatch(rng);
      const { value, grads } = tf.variableGrads(() => model.loss(batch));
      optimizer.step(grads, lr).dispose();
      const nextSum = tf.add(lossSum, value) as tf.Scalar;
      tf.dispose([lossSum, value, batch.x, batch.y, ...Object.values(grads)]);
      lossSum = tf.keep(nextSum);
      lossCount++;
      step++;
      trainMs += performance.now() - t0;
      if ((step % logEvery === 0 || evalAt.has(step)) && !(await log(lr))) break;
    }
  } finally {
    lossSum.dispose();
    optimizer.dispose();
    model.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    ...outcome,
    stepsCompleted: step,
    tokensTrained: step * tokensPerStep,
    finalEvalLoss: outcome.status === 'done' ? lastEval : null,
    finalEvalSe: outcome.status === 'done' ? lastEvalSe : null,
    bestEvalLoss: bestEval,
    seconds,
    tokensPerSecond: trainMs > 0 ? (step * tokensPerStep) / (trainMs / 1000) : 0,
  };
}

/**
 * Mean held-out loss, weighted by batch size, and its standard error over the batches (the
 * batch-means estimate: windows within a batch are neighbours in the text, batches far less so;
 * null with one batch). Every batch's loss is queued before any is read, so a GPU waits once; the
 * sums are taken on the host in float64, in batch order.
 */
async function evaluate(model: Trainable): Promise<{ mean: number; se: number | null }> {
  const losses = model.heldOut.map((batch) => tf.tidy(() => model.loss(batch)));
  try {
    const values = await Promise.all(losses.map((loss) => loss.data()));
    let total = 0;
    let count = 0;
    model.heldOut.forEach((batch, i) => {
      total += values[i][0] * batch.size;
      count += batch.size;
    });
    const mean = total / count;
    return { mean, se: batchMeansStandardError(values.map((v) => v[0])) };
  } finally {
    tf.dispose(losses);
  }
}

/** Standard error of the mean of k batch losses: sd / sqrt(k); null for fewer than 2 batches. */
export function batchMeansStandardError(losses: readonly number[]): number | null {
  const k = losses.length;
  if (k < 2) return null;
  const mean = losses.reduce((a, b) => a + b, 0) / k;
  const variance = losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  return Math.sqrt(variance / k);
}
