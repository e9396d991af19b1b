/**
 * Matmuls that stay on fast kernels. On wasm, BatchMatMul runs on XNNPACK only untransposed with
 * batch 1 (28 GFLOP/s measured for [2048,64]·[64,256], 2.2 ms); a transpose flag drops it into a
 * naive loop (29 ms for dy·wᵀ, 35 ms for xᵀ·dy). So on 'xnnpack' operands are transposed first; on
 * 'native' backends the flags are free and explicit transposes are not (7 ms for [2048,64] on cpu).
 *
 * Hazard on wasm: XNNPACK's packed right operand is cached by the operand's data id alone, not its
 * shape. A reshape shares data, so never pass two reshapes of one tensor as the right operand of
 * different matmuls: the second silently reuses the first's shape and writes out of bounds (seen
 * as "memory access out of bounds"). Here the right operand is always a weight or a gradient in
 * its own 2-D shape.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MatMulChoice } from '../op-choices.ts';
import { onesMatMul } from './column-sum.ts';
import { transpose2d } from './transpose.ts';

/** Measured costs per element on wasm: XNNPACK packing a fresh right operand, and a transpose. */
const PACK_NS = 3.5;
const TRANSPOSE_NS = 1;

/**
 * a·bᵀ for 2-D a [m, k] and b [n, k]: a·(bᵀ), packing bᵀ, or for a short a (an MLP's batch of 64
 * against a 256×256 weight) (b·aᵀ)ᵀ, which packs aᵀ instead, whichever moves fewer elements.
 */
export function matMulBT(a: tf.Tensor2D, b: tf.Tensor2D, choice: MatMulChoice): tf.Tensor2D {
  if (choice === 'native') return tf.matMul(a, b, false, true);
  const [m, k] = a.shape;
  const n = b.shape[0];
  const packB = (PACK_NS + TRANSPOSE_NS) * n * k;
  const packA = (PACK_NS + TRANSPOSE_NS) * m * k + TRANSPOSE_NS * m * n;
  return packB <= packA ? tf.matMul(a, transpose2d(b, choice)) : transpose2d(tf.matMul(b, transpose2d(a, choice)), choice);
}

/**
 * aᵀ·b for 2-D a [m, k] and b [m, n]. XNNPACK repacks a fresh right operand on every call, which
 * costs more per element than transposing one (PACK_NS, TRANSPOSE_NS), so the narrower of a, b is packed
 * and the wider one is transposed ((bᵀ·a)ᵀ then costs one small transpose of the result).
 */
export function matMulAT(a: tf.Tensor2D, b: tf.Tensor2D, choice: MatMulChoice): tf.Tensor2D {
  if (choice === 'native') return tf.matMul(a, b, true, false);
  if (b.shape[1] <= a.shape[1]) return tf.matMul(transpose2d(a, choice), b);
  return transpose2d(tf.matMul(transpose2d(b, choice), a), choice);
}

/**
 * The weight and bias gradients of a dense layer x·w + b: xᵀ·dz and the column sums of dz. Built
 * as matMulAT, sharing its work: when dz is the packed operand a ones-matmul reuses the packing
 * (XNNPACK caches it by operand); when dz is transposed its rows are summed instead.
 */
export function denseGrads(x: tf.Tensor2D, dz: tf.Tensor2D, choice: MatMulChoice): [tf.Tensor2D, tf.Tensor1D] {
  if (choice === 'native') return [tf.matMul(x, dz, true, false), onesMatMul(dz)];
  if (dz.shape[1] <= x.shape[1]) return [tf.matMul(transpose2d(x, choice), dz), onesMatMul(dz)];
  const dzT = transpose2d(dz, choice);
  return [transpose2d(tf.matMul(dzT, x), choice), tf.sum(dzT, 1)];
}
