/** Causal multi-head attention core, softmax(q·kᵀ/√hd + mask)·v per head, for q, k, v [B·T, d]. */
import * as tf from '@tensorflow/tfjs-core';
import { withGrad } from './custom-grad.ts';
import type { AttentionShape } from './ops.ts';
import { ATTENTION_BACKWARD, ATTENTION_FORWARD } from '../wasm-kernels/attention.ts';
import { runWasmKernel } from './wasm-kernels.ts';
import { ATTENTION as WEBGPU_ATTENTION, ATTENTION_BACKWARD as WEBGPU_ATTENTION_BACKWARD } from '../webgpu-kernels/attention.ts';
import { runWebGpuKernel } from './webgpu-kernels.ts';

type T2 = tf.Tensor2D;

/** Rank-4 [B, H, T, hd] batched matmuls, as nanoGPT writes it, differentiated by tfjs: native kernels elsewhere than wasm. */
export function batchedAttention(q: T2, k: T2, v: T2, mask: T2, { batch: B, time: T, heads: H }: AttentionShape): T2 {
  const d = q.shape[1];
  const hd = d / H;
  const split = (x: T2) => tf.transpose(tf.reshape(x, [B, T, H, hd]), [0, 2, 1, 3]);
  const scores = tf.add(tf.matMul(split(tf.mul(q, 1 / Math.sqrt(hd))), split(k), false, true), mask);
  const out = tf.matMul(tf.softmax(scores), split(v)); // [B, H, T, hd]
  return tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [B * T, d]);
}

/**
 * wasm's attention, one kernel forward and one backward (src/wasm-kernels/attention.ts): each head's
 * scores, softmax and products run back to back in cache, and no head is ever copied out of the
 * [B·T, d] rows. Bit for bit what the same strided matmul and softmax kernels give unfused
 * (test/wasm-kernels/attention.test.ts), in 2 kernels instead of 10.
 */
export function fusedAttention(q: T2, k: T2, v: T2, { batch, time, heads }: AttentionShape): T2 {
  const attrs = { batch, time, heads, scale: 1 / Math.sqrt(q.shape[1] / heads) };
  const op = withGrad<[T2, T2, T2], T2, tf.Tensor[]>(([q, k, v], save) => {
    const [out, probs] = runWasmKernel(ATTENTION_FORWARD, { q, k, v }, attrs);
    save([q, k, v, probs]);
    return {
      value: out as T2,
      gradFunc: (dout, [q, k, v, probs]) => runWasmKernel(ATTENTION_BACKWARD, { dout, q, k, v, probs }, attrs),
    };
  });
  return op(q, k, v);
}

/**
 * webgpu's attention: one WGSL dispatch forward and two backward (src/webgpu-kernels/attention.ts),
 * heads read in place from the [B·T, d] rows; the causal mask is applied as the softmax is taken.
 */
export function webgpuAttention(q: T2, k: T2, v: T2, { batch, time, heads }: AttentionShape): T2 {
  const attrs = { batch, time, heads, scale: 1 / Math.sqrt(q.shape[1] / heads) };
  const op = withGrad<[T2, T2, T2], T2, tf.Tensor[]>(([q, k, v], save) => {
    const [out, probs] = runWebGpuKernel(WEBGPU_ATTENTION, { q, k, v }, attrs);
    save([q, k, v, probs]);
    return {
      value: out as T2,
      gradFunc: (dout, [q, k, v, probs]) => runWebGpuKernel(WEBGPU_ATTENTION_BACKWARD, { dout, q, k, v, p: probs }, attrs),
    };
  });
  return op(q, k, v);
}
