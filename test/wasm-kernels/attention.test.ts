/**
 * The fused attention kernels (src/wasm-kernels/attention.ts) against the unfused chain of strided
 * matmul and softmax kernels they replace: the same bits, forward and backward, on shapes that hit
 * every edge of the kernels (a head dimension that is no multiple of 4, T across a K block of 256,
 * one sequence, one head); then their checks of bad input and what they leave allocated.
 * (Values and gradients against autodiff of nanoGPT's formula: test/models/ops.test.ts.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedAttention } from '../../src/ops/attention.ts';
import type { AttentionShape } from '../../src/ops/ops.ts';
import { wasmOps } from '../../src/ops/wasm-ops.ts';
import { ATTENTION_BACKWARD, ATTENTION_FORWARD } from '../../src/wasm-kernels/attention.ts';
import '../../src/train/tfjs-gradients.ts';
import { useBackend } from '../helpers/backend.ts';
import { expectNoLeaks, firstDifference, uniformMatrix } from '../helpers/wasm-kernel-checks.ts';
import { unfusedAttention } from '../helpers/unfused-attention.ts';

type T2 = tf.Tensor2D;
type Attention = (q: T2, k: T2, v: T2, shape: AttentionShape) => T2;

beforeAll(async () => {
  await useBackend('wasm');
  wasmOps();
});

/** Output, then dq, dk, dv of mean(attention ⊙ probe), as arrays. */
async function outputAndGrads(attention: Attention, shape: AttentionShape, d: number): Promise<Float32Array[]> {
  const rows = shape.batch * shape.time;
  const [q, k, v, probe] = [1, 2, 3, 4].map((seed) => uniformMatrix(rows, d, seed, 2));
  const outs = tf.tidy(() => {
    const f = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => attention(q as T2, k as T2, v as T2, shape);
    const { grads } = tf.valueAndGrads((q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.mean(tf.mul(f(q, k, v), probe)) as tf.Scalar)([q, k, v]);
    return [f(q, k, v), ...grads];
  });
  const arrays = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  tf.dispose([...outs, q, k, v, probe]);
  return arrays;
}

describe('fused attention on wasm', () => {
  it.each([
    { name: 'gpt-a heads (hd 16, T 64)', batch: 2, time: 64, heads: 4, d: 64 },
    { name: 'hd 6, T 7, 3 heads', batch: 2, time: 7, heads: 3, d: 18 },
    { name: 'one sequence, one head, T 300 (past a K block of 256)', batch: 1, time: 300, heads: 1, d: 8 },
    { name: 'T 1', batch: 3, time: 1, heads: 2, d: 8 },
  ])('gives the unfused kernels\' bits, forward and backward: $name', async ({ batch, time, heads, d }) => {
    const shape = { batch, time, heads };
    const fused = await outputAndGrads(fusedAttention, shape, d);
    const unfused = await outputAndGrads(unfusedAttention, shape, d);
    ['output', 'dq', 'dk', 'dv'].forEach((name, i) => {
      expect(fused[i].length, name).toBe(batch * time * d);
      expect(fused[i].every(Number.isFinite), `${name} finite`).toBe(true);
      expect(firstDifference(fused[i], unfused[i]), `${name}: first element that differs`).toBe(-1);
    });
  });

  it('leaves no tensor and no backend buffer behind (its work buffers are freed)', async () => {
    await expectNoLeaks(() => outputAndGrads(fusedAttention, { batch: 2, time: 16, heads: 2 }, 8));
  });

  it('refuses inputs that do not match the heads, and probabilities of the wrong shape', () => {
    const q = tf.zeros([2 * 4, 6]);
    const attrs = { batch: 2, time: 4, heads: 4, scale: 1 };
    expect(() => tf.engine().runKernel(ATTENTION_FORWARD, { q, k: q, v: q }, attrs)).toThrow(/heads·hd/);
    expect(() => tf.engine().runKernel(ATTENTION_FORWARD, { q, k: q, v: q }, { ...attrs, batch: 3, heads: 2 })).toThrow(/want inputs/);
    expect(() => tf.engine().runKernel(ATTENTION_FORWARD, { q, k: tf.zeros([8, 4]), v: q }, { ...attrs, heads: 2 })).toThrow(/differ in shape/);
    const probs = tf.zeros([2, 2, 4, 3]);
    expect(() => tf.engine().runKernel(ATTENTION_BACKWARD, { dout: q, q, k: q, v: q, probs }, { ...attrs, heads: 2 })).toThrow(/want probs/);
    tf.dispose([q, probs]);
  });
});
