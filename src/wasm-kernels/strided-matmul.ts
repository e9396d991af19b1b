/**
 * The strided matmul kernel for tfjs's wasm backend (`gemm` in kernels.c): a batch of products
 * whose operands are read through element strides, so transposes, attention heads and batches
 * need no copies. It has no gradient: its callers carry their own backward passes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel } from './module.ts';

export const STRIDED_MATMUL = 'ToyscaleStridedMatMul';

/** Element strides of one operand: batch outer, batch inner, row, column. */
export type OperandStrides = [outer: number, inner: number, row: number, col: number];

/**
 * Causal structure a product may skip (CAUSAL_ in kernels.c). 'output': the entries above the
 * diagonal are unused; tiles wholly above it are written as 0, the others computed in full.
 * 'a-lower' / 'a-upper': A must be exactly 0 above / below its diagonal (as causal probabilities
 * and their gradients are); the kernel skips the blocks of A that lie wholly in that zero part and
 * sums the rest, zeros included, so nonzero values there would give wrong results.
 */
export const CAUSAL_MODES = { none: 0, output: 1, 'a-lower': 2, 'a-upper': 3 } as const;
export type CausalMode = keyof typeof CAUSAL_MODES;

/**
 * The kernel's attributes. A batch of outer × inner products C = A·B (+ bias), each [m, k]·[k, n];
 * C is written row-major into an output of `outShape`, at the strides `c` (outer, inner, row).
 */
export interface StridedMatMulAttrs {
  dims: [outer: number, inner: number, m: number, n: number, k: number];
  a: OperandStrides;
  b: OperandStrides;
  c: [outer: number, inner: number, row: number];
  outShape: number[];
  causal?: CausalMode;
}

/** Refuses strides that would leave a tensor's buffer: the kernel reads raw memory. */
function checkFits(name: string, size: number, counts: number[], strides: number[]): void {
  if (strides.some((s) => s < 0 || !Number.isInteger(s))) throw new Error(`${STRIDED_MATMUL}: ${name} strides must be non-negative integers, got ${strides}`);
  const last = counts.reduce((sum, count, i) => sum + (count - 1) * strides[i], 0);
  if (last >= size) throw new Error(`${STRIDED_MATMUL}: ${name} reaches element ${last} of a tensor of ${size}`);
}

export const stridedMatMulConfig = wasmKernel<StridedMatMulAttrs>(STRIDED_MATMUL, ['a', 'b'], (kernels, { a, b, bias }, attrs) => {
  const { dims, a: as, b: bs, c: cs, outShape, causal = 'none' } = attrs;
  // Every check comes before the output is allocated, so a refused call leaves nothing behind.
  if (!(causal in CAUSAL_MODES)) throw new Error(`${STRIDED_MATMUL}: causal must be one of ${Object.keys(CAUSAL_MODES).join(', ')}, got ${causal}`);
  if (dims.length !== 5 || dims.some((x) => x < 0 || !Number.isInteger(x))) throw new Error(`${STRIDED_MATMUL}: dims must be 5 non-negative integers, got ${dims}`);
  const [outer, inner, m, n, k] = dims;
  const outSize = tf.util.sizeFromShape(outShape);
  // Each output element is written exactly once, so the products must tile the output.
  if (outer * inner * m * n !== outSize) throw new Error(`${STRIDED_MATMUL}: dims ${dims} give ${outer * inner * m * n} outputs for an output [${outShape}] of ${outSize}`);
  if (outSize > 0) {
    checkFits('a', tf.util.sizeFromShape(a.shape), [outer, inner, m, k], as);
    checkFits('b', tf.util.sizeFromShape(b.shape), [outer, inner, k, n], bs);
    checkFits('out', outSize, [outer, inner, m, n], [...cs, 1]);
  }
  if (bias && tf.util.sizeFromShape(bias.shape) !== n) throw new Error(`${STRIDED_MATMUL}: bias has ${tf.util.sizeFromShape(bias.shape)} elements, want ${n}`);
  const [out, outAt] = kernels.output(outShape);
  if (outSize === 0) return out;
  const at = kernels.address;
  kernels.exports.gemm(outer, inner, m, n, k, at(a), ...as, at(b), ...bs, outAt, ...cs, bias ? at(bias) : 0, CAUSAL_MODES[causal], kernels.scratch);
  return out;
});
