/** Column sums, [m, n] → [n]: a reduction both cpu and wasm run slowly in its plain form. */
import * as tf from '@tensorflow/tfjs-core';
import { COLUMN_SUM } from '../wasm-kernels/fused.ts';
import { runWasmKernel } from './wasm-kernels.ts';
import { COLUMN_SUM as WEBGPU_COLUMN_SUM } from '../webgpu-kernels/elementwise.ts';
import { runWebGpuKernel } from './webgpu-kernels.ts';

/** A ones-matmul: on cpu 1.3 ms against 17 ms for sum(axis 0) of [2048,256]. */
export function tfjsColumnSum(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, cols] = x.shape;
  return tf.reshape(tf.matMul(tf.ones([1, rows]), x), [cols]);
}

/**
 * wasm: one pass in toyscale's kernel (0.05 ms for [2048,128]). Otherwise a rank-3 view summed in
 * two steps (0.28 ms), since wasm's sum(axis 0) transposes with its rank-2 kernel first (1.75 ms).
 */
export function wasmColumnSum(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, cols] = x.shape;
  if (cols % 4 === 0) return runWasmKernel(COLUMN_SUM, { x })[0] as tf.Tensor1D;
  if (rows % 64 !== 0) return tf.sum(x, 0);
  return tf.sum(tf.sum(tf.reshape(x, [64, rows / 64, cols]), 1), 0);
}

/** webgpu: one WGSL dispatch, a thread per column (no ones matrix to fill). */
export function webgpuColumnSum(x: tf.Tensor2D): tf.Tensor1D {
  return runWebGpuKernel(WEBGPU_COLUMN_SUM, { x })[0] as tf.Tensor1D;
}
