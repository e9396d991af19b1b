/**
 * Each fused op of the webgpu op set against tfjs's op-by-op form on the same adapter: forward and
 * backward at gpt-a's shapes (B 32, T 64, d 64, 4 heads, vocab 65), waited for, median of 5,
 * alternating old and new. Shows which kernel to look at when a step is slower than its dispatch
 * count predicts.
 *   node --import tsx bench/webgpu-op-times.ts [layerNorm,gelu,attention,crossEntropy,embed,dense]
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/backend/select.ts';
import { textTable } from '../src/base/format.ts';
import { oneHotEmbedWith, withPositions } from '../src/ops/embedding.ts';
import { linear } from '../src/ops/linear.ts';
import type { Ops } from '../src/ops/ops.ts';
import { opsFor } from '../src/backend/registry.ts';
import { tfjsOps } from '../src/ops/tfjs-ops.ts';
import '../src/train/tfjs-gradients.ts';
import { median } from './median.ts';

await selectBackend('webgpu');
const fused = opsFor('webgpu');
// What webgpu ran before its kernels: tfjs's ops, embeddings as one-hot matmuls.
const unfused: Ops = { ...tfjsOps, embed: withPositions(oneHotEmbedWith(tfjsOps.matMul, tfjsOps.matMulAT)) };
const [B, T, d, H, V] = [32, 64, 64, 4, 65];
const M = B * T;
const x = tf.randomNormal([M, d]) as tf.Tensor2D;
const wide = tf.randomNormal([M, 4 * d]) as tf.Tensor2D;
const gain = tf.ones([d]) as tf.Tensor1D;
const bias = tf.zeros([d]) as tf.Tensor1D;
const logits = tf.randomNormal([M, V]) as tf.Tensor2D;
const ids = tf.randomUniformInt([M], 0, V) as tf.Tensor1D;
const wte = tf.randomNormal([V, d]) as tf.Tensor2D;
const wpe = tf.randomNormal([T, d]) as tf.Tensor2D;
const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9) as tf.Tensor2D;
const w = tf.randomNormal([d, 4 * d]) as tf.Tensor2D;
const b = tf.zeros([4 * d]) as tf.Tensor1D;

type Case = (ops: Ops) => { inputs: tf.Tensor[]; f: (...xs: tf.Tensor[]) => tf.Tensor };
const CASES: Record<string, Case> = {
  layerNorm: (ops) => ({ inputs: [x, gain, bias], f: (a, g, c) => ops.layerNorm(a as tf.Tensor2D, g as tf.Tensor1D, c as tf.Tensor1D) }),
  gelu: (ops) => ({ inputs: [wide], f: (a) => ops.gelu(a as tf.Tensor2D) }),
  attention: (ops) => ({ inputs: [x, x, x], f: (q, k, v) => ops.causalAttention(q as tf.Tensor2D, k as tf.Tensor2D, v as tf.Tensor2D, mask, { batch: B, time: T, heads: H }) }),
  crossEntropy: (ops) => ({ inputs: [logits], f: (z) => ops.crossEntropy(z as tf.Tensor2D, ids) }),
  embed: (ops) => ({ inputs: [wte, wpe], f: (e, p) => ops.embed(ids, e as tf.Tensor2D, p as tf.Tensor2D, T) }),
  dense: (ops) => ({ inputs: [x, w, b], f: (a, m, c) => linear(a as tf.Tensor2D, m as tf.Tensor2D, c as tf.Tensor1D, ops) }),
};

/** Forward and backward once, waited for; milliseconds. */
async function time(ops: Ops, make: Case): Promise<number> {
  const { inputs, f } = make(ops);
  const start = performance.now();
  const out = tf.tidy(() => {
    const y = f(...inputs);
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => f(...xs))(inputs, tf.onesLike(y));
    return [value, ...grads];
  });
  await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
  return performance.now() - start;
}

const names = (process.argv[2] ?? Object.keys(CASES).join(',')).split(',');
const rows: string[][] = [];
for (const name of names) {
  const make = CASES[name];
  if (!make) throw new Error(`unknown op ${name}; known: ${Object.keys(CASES).join(', ')}`);
  await time(unfused, make);
  await time(fused, make);
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 5; i++) {
    before.push(await time(unfused, make));
    after.push(await time(fused, make));
  }
  rows.push([name, median(before).toFixed(1), median(after).toFixed(1), (median(before) / median(after)).toFixed(2)]);
}
console.log(textTable(['op (forward + backward)', "tfjs's ops ms", 'WGSL kernels ms', 'ratio'], rows));
process.exit(0);
