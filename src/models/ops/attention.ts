/** Causal multi-head attention core, softmax(q·kᵀ/√hd + mask)·v per head, for q, k, v [B·T, d]. */
import * as tf from '@tensorflow/tfjs-core';
import type { MatMulChoice } from '../op-choices.ts';
import { groupedMatMul } from './grouped-matmul.ts';

export interface AttentionShape {
  batch: number;
  time: number;
  heads: number;
}

type T2 = tf.Tensor2D;

/** mask is [T, T]: 0 on and below the diagonal, a large negative number above. */
export function causalAttention(q: T2, k: T2, v: T2, mask: T2, shape: AttentionShape, choice: MatMulChoice): T2 {
  return choice === 'native' ? batchedAttention(q, k, v, mask, shape) : groupedAttention(q, k, v, mask, shape);
}

/** Rank-4 [B, H, T, hd] batched matmuls, as nanoGPT writes it: native kernels on cpu and tensorflow. */
function batchedAttention(q: T2, k: T2, v: T2, mask: T2, { batch: B, time: T, heads: H }: AttentionShape): T2 {
  const d = q.shape[1];
  const hd = d / H;
  const split = (x: T2) => tf.transpose(tf.reshape(x, [B, T, H, hd]), [0, 2, 1, 3]);
  const scores = tf.add(tf.matMul(split(tf.mul(q, 1 / Math.sqrt(hd))), split(k), false, true), mask);
  const out = tf.matMul(tf.softmax(scores), split(v)); // [B, H, T, hd]
  return tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [B * T, d]);
}

/**
 * The same products as groupedMatMul over the G = B·H heads (wasm). Layouts, with g = (b, h):
 * q as [T, hd, G] and k as [hd, G, T] give scores [T_query, G, T_key]; the probabilities in that
 * layout and v as [T_key, G, hd] give the output [T, G, hd] = [T, B, d].
 */
function groupedAttention(q: T2, k: T2, v: T2, mask: T2, { batch: B, time: T, heads: H }: AttentionShape): T2 {
  const d = q.shape[1];
  const hd = d / H;
  const G = B * H;
  const heads = (x: T2) => tf.reshape(x, [B, T, H, hd]);
  const qa = tf.reshape(tf.transpose(heads(tf.mul(q, 1 / Math.sqrt(hd)) as T2), [1, 3, 0, 2]), [T, hd, G]) as tf.Tensor3D;
  const kb = tf.reshape(tf.transpose(heads(k), [3, 0, 2, 1]), [hd, G, T]) as tf.Tensor3D;
  const scores = tf.add(groupedMatMul(qa, kb), tf.reshape(mask, [T, 1, T]));
  const probs = tf.softmax(scores) as tf.Tensor3D;
  const vb = tf.reshape(tf.transpose(heads(v), [1, 0, 2, 3]), [T, G, hd]) as tf.Tensor3D;
  const out = tf.reshape(groupedMatMul(probs, vb, 'mgk'), [T, B, d]);
  return tf.reshape(tf.transpose(out, [1, 0, 2]), [B * T, d]);
}
