/** Checks shared by the tests of toyscale's fused wasm kernels (test/wasm-kernels). */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { mulberry32 } from '../../src/fit/rng.ts';

/** A [rows, cols] float32 matrix of seeded values, uniform in [-half, half). */
export function uniformMatrix(rows: number, cols: number, seed: number, half = 1): tf.Tensor2D {
  const rng = mulberry32(seed);
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng() * 2 * half - half), [rows, cols]);
}

/** Index of the first element whose bits differ (Object.is tells 0 from -0 and NaN from itself), or -1. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  return a.findIndex((x, i) => !Object.is(x, b[i]));
}

/**
 * Runs `work` once to warm up (kernels registered, scratch allocated), then again, and expects the
 * second run to leave as many tensors and backend buffers (work buffers included) as it found.
 */
export async function expectNoLeaks(work: () => Promise<unknown>): Promise<void> {
  await work();
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const [tensors, buffers] = [tf.memory().numTensors, backend.numDataIds()];
  await work();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(backend.numDataIds()).toBe(buffers);
}
