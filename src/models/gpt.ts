/**
 * Decoder-only transformer, written flat with tfjs-core ops (no tfjs-layers), in the spirit of
 * nanoGPT's model.py: pre-LayerNorm blocks, causal multi-head attention, GELU MLP of width 4d,
 * learned positions, tied or untied unembedding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { constVar, normalVar, seedStream, type Params } from './init.ts';
import type { GptShape } from './shapes.ts';

export interface GptModel {
  shape: GptShape;
  params: Params;
  /** Constant causal mask [T, T]: 0 on and below the diagonal, -1e9 above. */
  mask: tf.Tensor2D;
  embedding: 'gather' | 'onehot';
}

export function createGpt(shape: GptShape, seed: number, embedding: 'gather' | 'onehot'): GptModel {
  const { vocabSize: V, contextLength: T, nLayer: L, dModel: d } = shape;
  const next = seedStream(seed, 'gpt-init');
  const std = 0.02;
  // GPT-2: residual projections scaled by 1/sqrt(2L) so the residual stream's variance stays flat.
  const residualStd = std / Math.sqrt(2 * L);
  const params: Params = {
    wte: normalVar('wte', [V, d], std, next),
    wpe: normalVar('wpe', [T, d], std, next),
  };
  for (let l = 0; l < L; l++) {
    params[`h${l}.ln1.g`] = constVar(`h${l}.ln1.g`, [d], 1);
    params[`h${l}.ln1.b`] = constVar(`h${l}.ln1.b`, [d], 0);
    params[`h${l}.attn.w`] = normalVar(`h${l}.attn.w`, [d, 3 * d], std, next);
    params[`h${l}.attn.b`] = constVar(`h${l}.attn.b`, [3 * d], 0);
    params[`h${l}.proj.w`] = normalVar(`h${l}.proj.w`, [d, d], residualStd, next);
    params[`h${l}.proj.b`] = constVar(`h${l}.proj.b`, [d], 0);
    params[`h${l}.ln2.g`] = constVar(`h${l}.ln2.g`, [d], 1);
    params[`h${l}.ln2.b`] = constVar(`h${l}.ln2.b`, [d], 0);
    params[`h${l}.fc.w`] = normalVar(`h${l}.fc.w`, [d, 4 * d], std, next);
    params[`h${l}.fc.b`] = constVar(`h${l}.fc.b`, [4 * d], 0);
    params[`h${l}.out.w`] = normalVar(`h${l}.out.w`, [4 * d, d], residualStd, next);
    params[`h${l}.out.b`] = constVar(`h${l}.out.b`, [d], 0);
  }
  params['lnf.g'] = constVar('lnf.g', [d], 1);
  params['lnf.b'] = constVar('lnf.b', [d], 0);
  if (!shape.tiedEmbedding) params['head.w'] = normalVar('head.w', [d, V], std, next);

  const mask = tf.tidy(() => {
    const lower = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
    return tf.mul(tf.sub(1, lower), -1e9) as tf.Tensor2D;
  });
  return { shape, params, mask: tf.keep(mask), embedding };
}

/** Mean next-token cross-entropy (nats) of the model on a batch; x and y are [B, T] int32. */
export function gptLoss(model: GptModel, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const logits = gptLogits(model, x);
  const labels = tf.cast(tf.oneHot(tf.reshape(y, [-1]) as tf.Tensor1D, model.shape.vocabSize), 'float32');
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

/** Logits [B·T, V] for inputs x [B, T]. */
export function gptLogits(model: GptModel, x: tf.Tensor2D): tf.Tensor2D {
  const { params: p, shape } = model;
  const [B, T] = x.shape;
  const d = shape.dModel;
  const ids = tf.reshape(x, [-1]) as tf.Tensor1D;
  const tokens =
    model.embedding === 'gather'
      ? tf.gather(p.wte, ids)
      : tf.matMul(tf.cast(tf.oneHot(ids, shape.vocabSize), 'float32'), p.wte);
  const positions = T === shape.contextLength ? p.wpe : tf.slice(p.wpe, [0, 0], [T, d]);
  // The residual stream is kept 2-D, [B·T, d], so every dense layer is one plain matMul.
  let h = tf.reshape(tf.add(tf.reshape(tokens, [B, T, d]), positions), [B * T, d]) as tf.Tensor2D;
  for (let l = 0; l < shape.nLayer; l++) {
    h = tf.add(h, attention(model, layerNorm(h, p[`h${l}.ln1.g`], p[`h${l}.ln1.b`]), l, B, T));
    h = tf.add(h, mlp(p, layerNorm(h, p[`h${l}.ln2.g`], p[`h${l}.ln2.b`]), l));
  }
  h = layerNorm(h, p['lnf.g'], p['lnf.b']);
  return (shape.tiedEmbedding ? tf.matMul(h, p.wte, false, true) : tf.matMul(h, p['head.w'])) as tf.Tensor2D;
}

function attention(model: GptModel, x: tf.Tensor2D, l: number, B: number, T: number): tf.Tensor2D {
  const { params: p, shape } = model;
  const d = shape.dModel;
  const H = shape.nHead;
  const hd = d / H;
  const qkv = dense(x, p[`h${l}.attn.w`], p[`h${l}.attn.b`]);
  const [q, k, v] = tf.split(qkv, 3, 1).map((t) => tf.transpose(tf.reshape(t, [B, T, H, hd]), [0, 2, 1, 3]));
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), model.mask);
  const out = tf.matMul(tf.softmax(scores), v); // [B, H, T, hd]
  const merged = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
  return dense(merged, p[`h${l}.proj.w`], p[`h${l}.proj.b`]);
}

function mlp(p: Params, x: tf.Tensor2D, l: number): tf.Tensor2D {
  const hidden = gelu(dense(x, p[`h${l}.fc.w`], p[`h${l}.fc.b`]));
  return dense(hidden, p[`h${l}.out.w`], p[`h${l}.out.b`]);
}

function dense(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b }) as tf.Tensor2D;
}

/** GELU, tanh approximation (as GPT-2); tfjs-core has no gelu op. */
function gelu(x: tf.Tensor2D): tf.Tensor2D {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner))) as tf.Tensor2D;
}

function layerNorm(x: tf.Tensor2D, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(normed, gain), bias) as tf.Tensor2D;
}
