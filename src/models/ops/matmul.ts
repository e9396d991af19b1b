/**
 * The matmuls of the dense layers and their backward passes, on each backend's fast kernel.
 * 'tfjs' (cpu, tensorflow, tensorflow-gpu): tfjs's matMul, whose transpose flags are free there.
 * 'wasm': the strided kernel of src/wasm-kernels. tfjs's own wasm BatchMatMul reaches
 * XNNPACK only untransposed with batch 1 and falls to a naive loop otherwise (29 ms for dy·wᵀ
 * against 2.2 ms); the strided kernel reads a transposed operand at no cost and runs at about
 * 40 GFLOP/s against XNNPACK's 24-32 on this CPU (bench/matmul.ts measures both, shape by shape).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelChoice } from '../op-choices.ts';
import { columnSum } from './column-sum.ts';
import { matMul2d } from './wasm-kernels.ts';

/** a·b (+ bias) for 2-D a [m, k] and b [k, n]. */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, choice: KernelChoice, bias?: tf.Tensor1D): tf.Tensor2D {
  if (choice === 'wasm') return matMul2d(a, b, false, false, bias);
  // Under a gradient tape tfjs fuses only the bias; that is all a dense layer needs.
  return bias ? (tf.fused.matMul({ a, b, bias }) as tf.Tensor2D) : tf.matMul(a, b);
}

/** a·bᵀ for 2-D a [m, k] and b [n, k]. */
export function matMulBT(a: tf.Tensor2D, b: tf.Tensor2D, choice: KernelChoice): tf.Tensor2D {
  return choice === 'wasm' ? matMul2d(a, b, false, true) : tf.matMul(a, b, false, true);
}

/** aᵀ·b for 2-D a [m, k] and b [m, n]. */
export function matMulAT(a: tf.Tensor2D, b: tf.Tensor2D, choice: KernelChoice): tf.Tensor2D {
  return choice === 'wasm' ? matMul2d(a, b, true, false) : tf.matMul(a, b, true, false);
}

/** The weight and bias gradients of a dense layer x·w + b: xᵀ·dz and the column sums of dz. */
export function denseGrads(x: tf.Tensor2D, dz: tf.Tensor2D, choice: KernelChoice): [tf.Tensor2D, tf.Tensor1D] {
  return [matMulAT(x, dz, choice), columnSum(dz, choice)];
}
