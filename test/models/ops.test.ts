/**
 * The hand-written backward passes in src/models/ops/ against plain tfjs autodiff of the textbook
 * formulas, and the wasm-kernel op variants against plain tfjs ops, values and gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradients of the core ops are registered by the union package, as in src/train/train-run.ts.
import '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createGpt, gptLoss } from '../../src/models/gpt.ts';
import { disposeParams } from '../../src/models/init.ts';
import type { OpChoices } from '../../src/models/op-choices.ts';
import { causalAttention } from '../../src/models/ops/attention.ts';
import { crossEntropy } from '../../src/models/ops/cross-entropy.ts';
import { embed } from '../../src/models/ops/embedding.ts';
import { gelu } from '../../src/models/ops/gelu.ts';
import { layerNorm } from '../../src/models/ops/layer-norm.ts';
import { linear, linearNoBias } from '../../src/models/ops/linear.ts';
import { columnSum } from '../../src/models/ops/column-sum.ts';
import { matMulAT, matMulBT } from '../../src/models/ops/matmul.ts';
import type { KernelChoice } from '../../src/models/op-choices.ts';
import { registerWasmKernels } from '../../src/wasm-kernels/register.ts';
import { useBackend } from '../helpers/backend.ts';

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;

let seed = 1;
const rand = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', seed++);

/** Value and input gradients of sum(f(xs) ⊙ probe), with a fixed random probe so every output matters. */
function valueAndGrads(f: Fn, xs: tf.Tensor[], gradients: boolean): tf.Tensor[] {
  return tf.tidy(() => {
    if (!gradients) return [tf.reshape(f(...xs), [-1])];
    const probe = tf.randomNormal(f(...xs).shape, 0, 1, 'float32', 99);
    const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), probe)) as tf.Scalar)(xs);
    return [tf.reshape(f(...xs), [-1]), value, ...grads];
  });
}

/** f against ref: values, and unless `gradients` is false (a raw kernel with no gradient), input gradients. */
function expectSame(f: Fn, ref: Fn, xs: tf.Tensor[], tolerance = 1e-4, gradients = true): void {
  const got = valueAndGrads(f, xs, gradients);
  const want = valueAndGrads(ref, xs, gradients);
  got.forEach((g, i) => {
    const scale = Math.max(1, tf.max(tf.abs(want[i])).dataSync()[0]);
    const err = tf.max(tf.abs(tf.sub(g, want[i]))).dataSync()[0];
    expect(err / scale, `output ${i}`).toBeLessThan(tolerance);
  });
  tf.dispose([...got, ...want, ...xs]);
}

const gptShape = { family: 'gpt' as const, vocabSize: 11, contextLength: 16, nLayer: 2, dModel: 32, nHead: 4, tiedEmbedding: true };

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`ops on ${backend}`, () => {
    // The strided kernel is registered for wasm only (src/models/op-choices.ts).
    const choice: KernelChoice = backend === 'wasm' ? 'wasm' : 'tfjs';
    const choices: KernelChoice[] = [choice];
    if (backend === 'wasm') registerWasmKernels();

    it('transposed matmuls and column sums', async () => {
      await useBackend(backend);
      for (const choice of choices) {
        for (const [r, c] of [[2048, 64], [2048, 65], [2048, 512], [256, 48], [65, 64], [64, 2048]]) {
          // Values only on wasm: the column-sum kernel runs inside backward passes and has no gradient.
          expectSame((x) => columnSum(x as tf.Tensor2D, choice), (x) => tf.sum(x, 0), [rand([r, c])], 1e-4, choice === 'tfjs');
        }
        // Values only: these run inside backward passes, and the strided kernel has no gradient.
        for (const m of [64, 8]) {
          expectSame((a, b) => matMulBT(a as tf.Tensor2D, b as tf.Tensor2D, choice), (a, b) => tf.matMul(a, b, false, true), [rand([m, 64]), rand([64, 64])], 1e-4, false);
        }
        expectSame((a, b) => matMulAT(a as tf.Tensor2D, b as tf.Tensor2D, choice), (a, b) => tf.matMul(a, b, true, false), [rand([64, 24]), rand([64, 40])], 1e-4, false);
        expectSame((a, b) => matMulAT(a as tf.Tensor2D, b as tf.Tensor2D, choice), (a, b) => tf.matMul(a, b, true, false), [rand([64, 40]), rand([64, 24])], 1e-4, false);
      }
    });

    it('linear layers, LayerNorm and GELU match autodiff of their formulas', async () => {
      await useBackend(backend);
      for (const choice of choices) {
        for (const [m, k, n] of [[128, 16, 64], [128, 64, 16]]) {
          const ref = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x, w), b);
          expectSame((x, w, b) => linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, choice), ref, [rand([m, k]), rand([k, n]), rand([n])]);
          expectSame((x, w, b) => linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, choice, 'relu'), (x, w, b) => tf.relu(ref(x, w, b)), [rand([m, k]), rand([k, n]), rand([n])]);
          expectSame((x, w) => linearNoBias(x as tf.Tensor2D, w as tf.Tensor2D, choice), (x, w) => tf.matMul(x, w), [rand([m, k]), rand([k, n])]);
        }
        const lnRef = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const { mean, variance } = tf.moments(x, -1, true);
          return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
        };
        expectSame((x, g, b) => layerNorm(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, choice), lnRef, [tf.mul(rand([128, 48]), 3), rand([48]), rand([48])]);
      }
      const geluRef = (x: tf.Tensor) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
      for (const choice of choices) expectSame((x) => gelu(x as tf.Tensor2D, choice), geluRef, [tf.mul(rand([64, 40]), 3)]);
      // A length that is not a multiple of 4: the wasm kernel's scalar tail.
      for (const choice of choices) expectSame((x) => gelu(x as tf.Tensor2D, choice), geluRef, [tf.mul(rand([3, 7]), 3)]);
    });

    it('cross-entropy and embeddings match their tfjs equivalents', async () => {
      await useBackend(backend);
      const targets = tf.tensor1d(Array.from({ length: 96 }, (_, i) => (i * 7) % 13), 'int32');
      const ceRef = (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(targets, 13), z);
      expectSame((z) => crossEntropy(z as tf.Tensor2D, targets), ceRef, [tf.mul(rand([96, 13]), 4)]);
      // Far-off logits: finite, and equal to the exact value.
      const extreme = tf.tensor2d([[0, 200, -300], [50, 0, 0]]);
      const far = crossEntropy(extreme, tf.tensor1d([2, 1], 'int32')).dataSync()[0];
      expect(far).toBeCloseTo((500 + 50 + Math.log(1 + 2 * Math.exp(-50))) / 2, 3);
      for (const choice of choices) {
        const ops: OpChoices = { embedding: 'onehot', kernels: choice };
        // The reference is a plain one-hot matmul: wasm has no gather gradient.
        expectSame((w) => embed(targets, w as tf.Tensor2D, ops), (w) => tf.matMul(tf.cast(tf.oneHot(targets, 13), 'float32'), w), [rand([13, 24])]);
      }
      targets.dispose();
    });

    it('attention matches autodiff of batched matmuls', async () => {
      await useBackend(backend);
      const [B, T, H, d] = [3, 16, 4, 32];
      const mask = createGpt({ ...gptShape, contextLength: T }, 0, { embedding: 'gather', kernels: 'tfjs' });
      disposeParams(mask.params);
      const attend = (choice: KernelChoice) => (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
        causalAttention(q as tf.Tensor2D, k as tf.Tensor2D, v as tf.Tensor2D, mask.mask, { batch: B, time: T, heads: H }, choice);
      // The reference: nanoGPT's formula, differentiated by tfjs.
      const reference = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => {
        const split = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [B, T, H, d / H]), [0, 2, 1, 3]);
        const scores = tf.add(tf.div(tf.matMul(split(q), split(k), false, true), Math.sqrt(d / H)), mask.mask);
        return tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), split(v)), [0, 2, 1, 3]), [B * T, d]);
      };
      expectSame(attend(choice), reference, [rand([B * T, d]), rand([B * T, d]), rand([B * T, d])]);
      mask.mask.dispose();
    });

    it('a GPT has the same loss and gradients with every op choice', async () => {
      await useBackend(backend);
      const x = tf.tensor2d(Array.from({ length: 2 * 16 }, (_, i) => (i * 5) % 11), [2, 16], 'int32');
      const y = tf.tensor2d(Array.from({ length: 2 * 16 }, (_, i) => (i * 3) % 11), [2, 16], 'int32');
      const lossAndGrads = (ops: OpChoices) => {
        const model = createGpt(gptShape, 3, ops);
        const { value, grads } = tf.variableGrads(() => gptLoss(model, x, y));
        const out = [value, ...Object.keys(model.params).map((name) => grads[name])];
        disposeParams(model.params);
        model.mask.dispose();
        return out;
      };
      // wasm has no gather gradient, so there the reference is the one-hot embedding.
      const reference = lossAndGrads({ embedding: backend === 'wasm' ? 'onehot' : 'gather', kernels: 'tfjs' });
      const options: OpChoices[] = [{ embedding: 'onehot', kernels: choice }];
      for (const ops of options) {
        const got = lossAndGrads(ops);
        got.forEach((g, i) => expect(tf.max(tf.abs(tf.sub(g, reference[i]))).dataSync()[0], `tensor ${i}`).toBeLessThan(1e-5));
        tf.dispose(got);
      }
      tf.dispose([...reference, x, y]);
    });
  });
}
