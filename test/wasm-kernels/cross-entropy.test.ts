/**
 * The fused cross-entropy kernels (src/wasm-kernels/cross-entropy.ts) against float64 arithmetic:
 * the mean loss and its gradient, on GPT a's logits shape, a vocabulary that is no multiple of 4,
 * far-off logits, and targets outside the vocabulary; then bad input and leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/fit/rng.ts';
import { wasmCrossEntropy } from '../../src/ops/cross-entropy.ts';
import { wasmOps } from '../../src/ops/wasm-ops.ts';
import { CROSS_ENTROPY, CROSS_ENTROPY_BACKWARD } from '../../src/wasm-kernels/cross-entropy.ts';
import '../../src/train/tfjs-gradients.ts';
import { useBackend } from '../helpers/backend.ts';
import { expectNoLeaks } from '../helpers/wasm-kernel-checks.ts';

beforeAll(async () => {
  await useBackend('wasm');
  wasmOps();
});

/** Mean cross-entropy and its gradient in float64; a target outside [0, V) contributes no logit. */
function reference(z: Float32Array, targets: number[], V: number): { loss: number; grad: number[] } {
  const rows = targets.length;
  let total = 0;
  const grad: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from(z.subarray(r * V, (r + 1) * V));
    const m = Math.max(...row);
    const s = row.reduce((acc, x) => acc + Math.exp(x - m), 0);
    const t = targets[r];
    total += Math.log(s) + m - (t >= 0 && t < V ? row[t] : 0);
    row.forEach((x, j) => grad.push((Math.exp(x - m) / s - (j === t ? 1 : 0)) / rows));
  }
  return { loss: total / rows, grad };
}

async function lossAndGrad(z: Float32Array, targets: number[], V: number): Promise<{ loss: number; grad: Float32Array }> {
  const logits = tf.tensor2d(z, [targets.length, V]);
  const ids = tf.tensor1d(targets, 'int32');
  const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => wasmCrossEntropy(x as tf.Tensor2D, ids))([logits]);
  const out = { loss: (await value.data())[0], grad: (await grads[0].data()) as Float32Array };
  tf.dispose([logits, ids, value, ...grads]);
  return out;
}

describe('cross-entropy on wasm', () => {
  const rng = mulberry32(3);
  const logits = (n: number, scale: number) => Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
  it.each([
    { name: 'GPT a: 2,048 rows of 65', rows: 2048, V: 65, scale: 4, targets: (r: number) => (r * 7) % 65 },
    { name: 'vocabulary 1,003, large logits', rows: 40, V: 1003, scale: 60, targets: (r: number) => (r * 31) % 1003 },
    { name: 'targets outside the vocabulary', rows: 6, V: 5, scale: 2, targets: (r: number) => [0, -1, 4, 5, 2, 99][r] },
  ])('matches float64: $name', async ({ rows, V, scale, targets }) => {
    const z = logits(rows * V, scale);
    const ids = Array.from({ length: rows }, (_, r) => targets(r));
    const got = await lossAndGrad(z, ids, V);
    const want = reference(z, ids, V);
    expect(Math.abs(got.loss - want.loss) / Math.abs(want.loss)).toBeLessThan(5e-7); // measured: up to 4e-8
    const worst = want.grad.reduce((w, g, i) => Math.max(w, Math.abs(got.grad[i] - g)), 0);
    // Gradient entries are at most 1/rows; float32 softmax gives them to about 1e-7 of that.
    expect(worst * rows).toBeLessThan(5e-7); // measured: up to 6e-8
  });

  it('is finite and exact on logits hundreds apart', async () => {
    const got = await lossAndGrad(Float32Array.from([0, 200, -300, 50, 0, 0]), [2, 1], 3);
    expect(got.loss).toBeCloseTo((500 + 50 + Math.log(1 + 2 * Math.exp(-50))) / 2, 4);
    expect(got.grad.every(Number.isFinite)).toBe(true);
  });

  it('leaves no tensor and no backend buffer behind', async () => {
    const z = logits(4 * 7, 1);
    await expectNoLeaks(() => lossAndGrad(z, [1, 2, 3, 4], 7));
  });

  it('refuses targets of another length, float targets and a dloss that is not a scalar', () => {
    const z = tf.zeros([3, 4]);
    const ids = tf.tensor1d([0, 1, 2], 'int32');
    expect(() => tf.engine().runKernel(CROSS_ENTROPY, { z, targets: tf.tensor1d([0, 1], 'int32') })).toThrow(/targets \[M\]/);
    expect(() => tf.engine().runKernel(CROSS_ENTROPY, { z, targets: tf.tensor1d([0, 1, 2]) })).toThrow(/targets must be int32/);
    expect(() => tf.engine().runKernel(CROSS_ENTROPY_BACKWARD, { p: z, targets: ids, dloss: tf.ones([2]) })).toThrow(/dloss must be a scalar/);
    tf.dispose([z, ids]);
  });
});
