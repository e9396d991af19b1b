/** Seeded parameter creation (the same seed gives the same weights on every backend), and freeing them. */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';

export type Params = Record<string, tf.Variable>;

/** Hands out one integer seed per parameter, in creation order, from the run's seed. */
export function seedStream(seed: number, salt: string): () => number {
  const rng = seedrandom(`${salt}:${seed}`);
  return () => Math.floor(rng() * 2 ** 31);
}

export function normalVar(name: string, shape: number[], std: number, nextSeed: () => number): tf.Variable {
  const seed = nextSeed();
  // Inside tidy so the initial-value tensor is freed; the variable keeps its own reference.
  return tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed), true, name));
}

export function constVar(name: string, shape: number[], value: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.fill(shape, value), true, name));
}


/** Frees a trainable's tensors: its parameters, its held-out batches and any constant of its own. */
export function disposeAll(params: Params, batches: Array<{ x: tf.Tensor; y: tf.Tensor }>, extra: tf.Tensor[]): void {
  for (const v of Object.values(params)) v.dispose();
  for (const b of batches) tf.dispose([b.x, b.y]);
  tf.dispose(extra);
}
