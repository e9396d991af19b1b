/**
 * Decoder-only transformer, written flat with tfjs-core ops (no tfjs-layers), in the spirit of
 * nanoGPT's model.py: pre-LayerNorm blocks, causal multi-head attention, GELU MLP of width 4d,
 * learned positions, tied or untied unembedding. The ops in ./ops/ carry hand-written backward
 * passes chosen by measuring kernels (see each file); `ops` is the backend's op set (ops/ops.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/types.ts';
import type { Batch, BindTrainable } from './family.ts';
import { constVar, disposeAll, normalVar, seedStream, type Params } from './init.ts';
import { linear, linearNoBias } from '../ops/linear.ts';
import type { Ops } from '../ops/ops.ts';
import type { GptShape } from './shapes.ts';

export interface GptModel {
  shape: GptShape;
  params: Params;
  /** Constant causal mask [T, T]: 0 on and below the diagonal, -1e9 above. */
  mask: tf.Tensor2D;
  ops: Ops;
}

type T2 = tf.Tensor2D;
type T1 = tf.Tensor1D;

export function createGpt(shape: GptShape, seed: number, ops: Ops): GptModel {
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
    // Query, key and value projections as three matrices (nanoGPT's c_attn split in three): each
    // output is then one plain matmul, with no split of a [B·T, 3d] tensor.
    for (const name of ['q', 'k', 'v']) {
      params[`h${l}.attn.${name}.w`] = normalVar(`h${l}.attn.${name}.w`, [d, d], std, next);
      params[`h${l}.attn.${name}.b`] = constVar(`h${l}.attn.${name}.b`, [d], 0);
    }
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
    return tf.mul(tf.sub(1, lower), -1e9) as T2;
  });
  return { shape, params, mask: tf.keep(mask), ops };
}

/** Mean next-token cross-entropy (nats) of the model on a batch; x and y are [B, T] int32. */
export function gptLoss(model: GptModel, x: T2, y: T2): tf.Scalar {
  return model.ops.crossEntropy(gptLogits(model, x), tf.reshape(y, [-1]) as T1);
}

/** Logits [B·T, V] for inputs x [B, T]. */
export function gptLogits(model: GptModel, x: T2): T2 {
  const { params: p, shape, ops } = model;
  const [B, T] = x.shape;
  const w = (name: string) => p[name] as tf.Tensor as T2;
  const b = (name: string) => p[name] as tf.Tensor as T1;
  // The residual stream is kept 2-D, (B*T, C) with C = d_model, so every dense layer is one
  // plain matmul; attention sees it as (B, nh, T, hs) inside its op.
  let h = ops.embed(tf.reshape(x, [-1]) as T1, w('wte'), w('wpe'), T); // token + position embeddings: (B*T, C)
  for (let l = 0; l < shape.nLayer; l++) {
    const dense = (x: T2, name: string) => linear(x, w(`h${l}.${name}.w`), b(`h${l}.${name}.b`), ops);
    // Attention.
    const a = ops.layerNorm(h, b(`h${l}.ln1.g`), b(`h${l}.ln1.b`)); // (B*T, C)
    const heads = { batch: B, time: T, heads: shape.nHead };
    const attended = ops.causalAttention(dense(a, 'attn.q'), dense(a, 'attn.k'), dense(a, 'attn.v'), model.mask, heads); // q, k, v and out: (B*T, C)
    h = tf.add(h, dense(attended, 'proj')); // (B*T, C)
    // MLP.
    const m = ops.layerNorm(h, b(`h${l}.ln2.g`), b(`h${l}.ln2.b`)); // (B*T, C)
    h = tf.add(h, dense(ops.gelu(dense(m, 'fc')), 'out')); // fc: (B*T, 4C); out: (B*T, C)
  }
  h = ops.layerNorm(h, b('lnf.g'), b('lnf.b')); // (B*T, C)
  const unembed = shape.tiedEmbedding ? (tf.transpose(w('wte')) as T2) : w('head.w'); // (C, V)
  return linearNoBias(h, unembed, ops); // (B*T, V)
}

/** A GPT bound to a token dataset: batches of windows of its context length. */
export const gptTrainable: BindTrainable<GptShape> = (shape, seed, ops, data: Dataset, setting) => {
  if (data.kind !== 'sequence') throw new Error(`gpt needs a token dataset, got ${data.name}`);
  const model = createGpt(shape, seed, ops);
  const T = shape.contextLength;
  const toBatch = (b: { x: Int32Array; y: Int32Array }): Batch => {
    const rows = b.x.length / T;
    return { x: tf.tensor2d(b.x, [rows, T], 'int32'), y: tf.tensor2d(b.y, [rows, T], 'int32'), size: rows };
  };
  const heldOut = data.heldOutBatches(setting.batchSize, T, setting.evalTokens).map(toBatch);
  return {
    params: model.params,
    loss: (batch) => gptLoss(model, batch.x, batch.y),
    trainBatch: (rng) => toBatch(data.trainBatch(rng, setting.batchSize, T)),
    heldOut,
    ops,
    dispose: () => disposeAll(model.params, heldOut, [model.mask]),
  };
};
