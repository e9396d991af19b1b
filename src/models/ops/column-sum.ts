/** Column sums, a reduction both backends run slowly in its plain form. */
import * as tf from '@tensorflow/tfjs-core';
import { COLUMN_SUM } from '../../wasm-kernels/fused.ts';
import type { KernelChoice } from '../op-choices.ts';
import { runWasmKernel } from './wasm-kernels.ts';

/**
 * Sum over rows, [m, n] → [n]. Both backends' sum(axis 0) is slow: wasm transposes with its
 * rank-2 kernel (1.75 ms for [2048,128]), where summing a rank-3 view in two steps takes 0.28 ms;
 * on cpu a ones-matmul takes 1.3 ms against 17 ms for [2048,256].
 */
export function columnSum(x: tf.Tensor2D, choice: KernelChoice): tf.Tensor1D {
  const [rows, cols] = x.shape;
  if (choice === 'tfjs') return tf.reshape(tf.matMul(tf.ones([1, rows]), x), [cols]);
  // wasm: one pass in toyscale's kernel (0.05 ms for [2048,128]); the rank-3 view otherwise.
  if (cols % 4 === 0) return runWasmKernel(COLUMN_SUM, { x })[0] as tf.Tensor1D;
  if (rows % 64 !== 0) return tf.sum(x, 0);
  return tf.sum(tf.sum(tf.reshape(x, [64, rows / 64, cols]), 1), 0);
}
