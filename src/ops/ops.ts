/**
 * A backend's op choices, in one object: the model code and the optimizer call these and never
 * branch on the backend. Each op set has one file that builds its object (tfjs-ops.ts for cpu,
 * tensorflow and tensorflow-gpu, wasm-ops.ts, webgpu-ops.ts); each backend's record
 * (src/backend/backends/) names its op set, and the trainer builds it once per process.
 */
import type * as tf from '@tensorflow/tfjs-core';

type T1 = tf.Tensor1D;
type T2 = tf.Tensor2D;

export interface AttentionShape {
  batch: number;
  time: number;
  heads: number;
}

/** One parameter's tensors for an AdamW update. */
export interface AdamWSlot {
  p: tf.Variable;
  g: tf.Tensor;
  m: tf.Variable;
  v: tf.Variable;
  /** Decoupled weight decay: p is multiplied by this (1 for no decay). */
  decay: number;
}

/** One step's coefficients, bias corrections already folded in (see train/adamw.ts). */
export interface AdamWCoefficients {
  beta1: number;
  beta2: number;
  gradClip: number;
  stepSize: number;
  epsHat: number;
}

export interface Ops {
  /** For messages and tests: which op set this is. */
  readonly name: 'tfjs' | 'wasm' | 'webgpu';
  /**
   * Token plus position embeddings, [B·T, d]: wte[ids[r]] + wpe[r mod T] for ids [B·T] (B sequences
   * of T tokens), wte [V, d] and wpe [≥ T, d].
   */
  embed(ids: T1, wte: T2, wpe: T2, time: number): T2;
  /** a·b (+ bias) for a [m, k], b [k, n]. */
  matMul(a: T2, b: T2, bias?: T1): T2;
  /** a·bᵀ for a [m, k], b [n, k]. */
  matMulBT(a: T2, b: T2): T2;
  /** aᵀ·b for a [m, k], b [m, n]. */
  matMulAT(a: T2, b: T2): T2;
  /** Sum over rows, [m, n] → [n]. */
  columnSum(x: T2): T1;
  /** GELU, tanh approximation (GPT-2), with its gradient. */
  gelu(x: T2): T2;
  /** LayerNorm over the last axis, with its gradient. */
  layerNorm(x: T2, gain: T1, bias: T1): T2;
  /** Mean cross-entropy (nats) of logits [M, V] against integer targets [M], with its gradient. */
  crossEntropy(logits: T2, targets: T1): tf.Scalar;
  /** softmax(q·kᵀ/√hd + mask)·v per head for q, k, v [B·T, d]; mask [T, T] is causal. */
  causalAttention(q: T2, k: T2, v: T2, mask: T2, shape: AttentionShape): T2;
  /**
   * Clips the gradients to a global norm, then applies one AdamW update to every slot (assigning
   * p, m and v). Returns the pre-clip norm as a tensor, so no host read is forced.
   */
  adamwUpdate(slots: AdamWSlot[], coefficients: AdamWCoefficients): tf.Scalar;
}
