/**
 * Causal attention fused per head (attention_forward and attention_backward in kernels.c) as tfjs
 * kernels for the wasm backend. Each replaces the chain of strided matmuls and softmax kernels that
 * attention ran on before (4 forward, 6 backward; test/helpers/unfused-attention.ts) with one call,
 * bit for bit the same: a head's T x T block stays in cache from its scores to its output. Neither
 * has a gradient: fusedAttention (src/ops/attention.ts) pairs them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel } from './module.ts';

/** Heads and sequence length; q, k, v are [batch · time, heads · headDim]. */
export interface AttentionAttrs {
  batch: number;
  time: number;
  heads: number;
  /** Multiplies q before q·kᵀ: 1/√headDim. */
  scale: number;
}

/** Checks that every [B·T, d] input has the shape the attributes describe; returns hd. */
function headDim(kernel: string, { batch, time, heads }: AttentionAttrs, inputs: tf.TensorInfo[]): number {
  if (![batch, time, heads].every((x) => Number.isInteger(x) && x > 0)) throw new Error(`${kernel}: batch, time and heads must be positive integers, got ${batch}, ${time}, ${heads}`);
  const [rows, d] = inputs[0].shape;
  if (rows !== batch * time || d % heads !== 0) throw new Error(`${kernel}: want inputs [${batch}·${time}, heads·hd] with ${heads} heads, got [${inputs[0].shape}]`);
  for (const t of inputs) if (!tf.util.arraysEqual(t.shape, [rows, d])) throw new Error(`${kernel}: inputs differ in shape: [${inputs[0].shape}] and [${t.shape}]`);
  return d / heads;
}

export const ATTENTION_FORWARD = 'ToyscaleAttention';
/** Outputs the attention [B·T, d] and the probabilities [B, H, T, T] the backward pass needs. */
export const attentionForwardConfig = wasmKernel<AttentionAttrs>(ATTENTION_FORWARD, ['q', 'k', 'v'], (kernels, { q, k, v }, attrs) => {
  const hd = headDim(ATTENTION_FORWARD, attrs, [q, k, v]);
  const { batch: B, time: T, heads: H, scale } = attrs;
  const [out, outAt] = kernels.output(q.shape);
  const [probs, probsAt] = kernels.output([B, H, T, T]);
  const at = kernels.address;
  kernels.withWork(T * hd, (work) => kernels.exports.attention_forward(B, H, T, hd, at(q), at(k), at(v), scale, outAt, probsAt, work, kernels.scratch, kernels.constants));
  return [out, probs];
});

export const ATTENTION_BACKWARD = 'ToyscaleAttentionBackward';
/** Outputs dq, dk and dv, each [B·T, d]. */
export const attentionBackwardConfig = wasmKernel<AttentionAttrs>(ATTENTION_BACKWARD, ['dout', 'q', 'k', 'v', 'probs'], (kernels, { dout, q, k, v, probs }, attrs) => {
  const hd = headDim(ATTENTION_BACKWARD, attrs, [dout, q, k, v]);
  const { batch: B, time: T, heads: H, scale } = attrs;
  if (!tf.util.arraysEqual(probs.shape, [B, H, T, T])) throw new Error(`${ATTENTION_BACKWARD}: want probs [${[B, H, T, T]}], got [${probs.shape}]`);
  const [dq, dqAt] = kernels.output(q.shape);
  const [dk, dkAt] = kernels.output(q.shape);
  const [dv, dvAt] = kernels.output(q.shape);
  const at = kernels.address;
  kernels.withWork(T * hd + T * T, (work) =>
    kernels.exports.attention_backward(B, H, T, hd, at(dout), at(q), at(k), at(v), at(probs), scale, dqAt, dkAt, dvAt, work, kernels.scratch),
  );
  return [dq, dk, dv];
});

export const attentionKernelConfigs = [attentionForwardConfig, attentionBackwardConfig];
