/**
 * Calls into toyscale's wasm kernels (src/wasm-kernels). Matmuls read any operand transposed, per
 * head or per sequence through its strides, so no transpose is ever materialised. The kernels have
 * no gradients: their callers carry their own backward passes (withGrad).
 */
import * as tf from '@tensorflow/tfjs-core';
import { STRIDED_MATMUL, type StridedMatMulAttrs } from '../wasm-kernels/strided-matmul.ts';

/** Runs the kernel: a batch of products read from a and b at the given strides (see StridedMatMulAttrs). */
export function stridedMatMul(a: tf.Tensor, b: tf.Tensor, attrs: StridedMatMulAttrs, bias?: tf.Tensor1D): tf.Tensor {
  const inputs: tf.NamedTensorMap = bias ? { a, b, bias } : { a, b };
  return tf.engine().runKernel(STRIDED_MATMUL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * op(a)·op(b) (+ bias) for 2-D a and b, where op transposes when asked: a is [m, k] or, with
 * transposeA, [k, m]; b is [k, n] or, with transposeB, [n, k].
 */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean, bias?: tf.Tensor1D): tf.Tensor2D {
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== kb) throw new Error(`matMul2d: inner sizes differ, [${a.shape}]${transposeA ? 'ᵀ' : ''}·[${b.shape}]${transposeB ? 'ᵀ' : ''}`);
  return stridedMatMul(a, b, {
    dims: [1, 1, m, n, k],
    a: transposeA ? [0, 0, 1, m] : [0, 0, k, 1],
    b: transposeB ? [0, 0, 1, k] : [0, 0, n, 1],
    c: [0, 0, n],
    outShape: [m, n],
  }, bias) as tf.Tensor2D;
}

/** Runs one of the fused kernels of src/wasm-kernels/fused.ts; most return several tensors. */
export function runWasmKernel(name: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
