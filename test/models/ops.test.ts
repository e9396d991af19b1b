/**
 * Every backend's op set (src/ops/*-ops.ts) against plain tfjs autodiff of the textbook
 * formulas on the cpu backend: values and input gradients of each hand-written op, and a whole
 * GPT's loss and gradients. Runs on cpu, wasm and, where a Vulkan driver is present, webgpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { throwIfDeviceFailed } from '../../src/backend/device-errors.ts';
import { createGpt, gptLoss } from '../../src/models/gpt.ts';
import { disposeParams } from '../helpers/params.ts';
import { linear, linearNoBias } from '../../src/ops/linear.ts';
import type { Ops } from '../../src/ops/ops.ts';
import { opsFor } from '../../src/backend/registry.ts';
import { tfjsOps } from '../../src/ops/tfjs-ops.ts';
import { useBackend, type TestBackend } from '../helpers/backend.ts';
import { registerAllTfjsCoreGradients } from '../helpers/tfjs-core-gradients.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

// The references are textbook formulas differentiated by tfjs through kernels training never uses
// (tanh, exp, max…), so this file registers all of tfjs-core's gradients, not only toyscale's.
await registerAllTfjsCoreGradients();

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;
/** An input as plain numbers, so the same values feed every backend. */
type Input = { values: Float32Array; shape: number[] };

let seed = 1;
function rand(shape: number[], scale = 1): Input {
  const rng = seedrandom(`ops-test:${seed++}`);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return { values, shape };
}

/** Values and input gradients of sum(f(xs) ⊙ probe) on one backend, read back to the host. */
async function valueAndGrads(backend: TestBackend, f: Fn, inputs: Input[], gradients: boolean): Promise<Float32Array[]> {
  await useBackend(backend);
  const xs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const outs = tf.tidy(() => {
    if (!gradients) return [tf.reshape(f(...xs), [-1])];
    // randomNormal is drawn by tfjs-core itself, so the probe is the same on every backend.
    const probe = tf.randomNormal(f(...xs).shape, 0, 1, 'float32', 99);
    const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), probe)) as tf.Scalar)(xs);
    return [tf.reshape(f(...xs), [-1]), value, ...grads];
  });
  const arrays = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  tf.dispose([...outs, ...xs]);
  throwIfDeviceFailed();
  return arrays;
}

/** f on `backend` against ref on cpu: values and, unless `gradients` is false (raw kernels with no gradient), input gradients. */
async function expectSame(backend: TestBackend, f: Fn, ref: Fn, inputs: Input[], tolerance = 1e-4, gradients = true): Promise<void> {
  const got = await valueAndGrads(backend, f, inputs, gradients);
  const want = await valueAndGrads('cpu', ref, inputs, gradients);
  got.forEach((g, i) => {
    expect(g.length, `output ${i} size`).toBe(want[i].length);
    let scale = 1;
    let err = 0;
    want[i].forEach((w, j) => {
      scale = Math.max(scale, Math.abs(w));
      err = Math.max(err, Math.abs(g[j] - w));
    });
    expect(err / scale, `output ${i}`).toBeLessThan(tolerance);
  });
}

const gptShape = { family: 'gpt' as const, vocabSize: 11, contextLength: 16, nLayer: 2, dModel: 32, nHead: 4, tiedEmbedding: true };
const backends: TestBackend[] = ['cpu', 'wasm'];
if (webgpuAvailability().ok) backends.push('webgpu');

describe.each(backends)('the op set of %s', { timeout: 300_000 }, (backend) => {
  const opsOf = async (): Promise<Ops> => {
    await useBackend(backend);
    return opsFor(backend);
  };

  it('has the op set the backend calls for', async () => {
    expect((await opsOf()).name).toBe(backend === 'cpu' ? 'tfjs' : backend);
  });

  it('transposed matmuls, matmul with bias and column sums', async () => {
    const ops = await opsOf();
    for (const [r, c] of [[2048, 64], [2048, 65], [2048, 512], [256, 48], [65, 64], [64, 2048]]) {
      // Values only: the wasm column-sum kernel runs inside backward passes and has no gradient.
      await expectSame(backend, (x) => ops.columnSum(x as tf.Tensor2D), (x) => tf.sum(x, 0), [rand([r, c])], 1e-4, false);
    }
    for (const m of [64, 8]) {
      await expectSame(backend, (a, b) => ops.matMulBT(a as tf.Tensor2D, b as tf.Tensor2D), (a, b) => tf.matMul(a, b, false, true), [rand([m, 64]), rand([64, 64])], 1e-4, false);
    }
    await expectSame(backend, (a, b) => ops.matMulAT(a as tf.Tensor2D, b as tf.Tensor2D), (a, b) => tf.matMul(a, b, true, false), [rand([64, 24]), rand([64, 40])], 1e-4, false);
    await expectSame(backend, (a, b) => ops.matMulAT(a as tf.Tensor2D, b as tf.Tensor2D), (a, b) => tf.matMul(a, b, true, false), [rand([64, 40]), rand([64, 24])], 1e-4, false);
    await expectSame(backend, (a, b, c) => ops.matMul(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D), (a, b, c) => tf.add(tf.matMul(a, b), c), [rand([48, 40]), rand([40, 24]), rand([24])], 1e-4, false);
  });

  it('linear layers, LayerNorm and GELU match autodiff of their formulas', async () => {
    const ops = await opsOf();
    for (const [m, k, n] of [[128, 16, 64], [128, 64, 16]]) {
      const ref = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x, w), b);
      await expectSame(backend, (x, w, b) => linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, ops), ref, [rand([m, k]), rand([k, n]), rand([n])]);
      await expectSame(backend, (x, w, b) => linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, ops, 'relu'), (x, w, b) => tf.relu(ref(x, w, b)), [rand([m, k]), rand([k, n]), rand([n])]);
      await expectSame(backend, (x, w) => linearNoBias(x as tf.Tensor2D, w as tf.Tensor2D, ops), (x, w) => tf.matMul(x, w), [rand([m, k]), rand([k, n])]);
    }
    const lnRef = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
    };
    const layerNorm = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => ops.layerNorm(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D);
    await expectSame(backend, layerNorm, lnRef, [rand([128, 48], 3), rand([48]), rand([48])]);
    // A row length that is not a multiple of 4: wasm's unfused path.
    await expectSame(backend, layerNorm, lnRef, [rand([64, 18], 3), rand([18]), rand([18])]);
    const geluRef = (x: tf.Tensor) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
    await expectSame(backend, (x) => ops.gelu(x as tf.Tensor2D), geluRef, [rand([64, 40], 3)]);
    // A length that is not a multiple of 4: the wasm kernel's scalar tail.
    await expectSame(backend, (x) => ops.gelu(x as tf.Tensor2D), geluRef, [rand([3, 7], 3)]);
  });

  it('cross-entropy and embeddings match their tfjs equivalents', async () => {
    const ops = await opsOf();
    const ids = Array.from({ length: 96 }, (_, i) => (i * 7) % 13);
    // Built inside each call: a tensor belongs to the backend active when it was made.
    const targets = () => tf.tensor1d(ids, 'int32');
    const ceRef = (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(targets(), 13), z);
    await expectSame(backend, (z) => ops.crossEntropy(z as tf.Tensor2D, targets()), ceRef, [rand([96, 13], 4)]);
    // Far-off logits: finite, and equal to the exact value.
    await opsOf(); // expectSame left cpu active
    const far = tf.tidy(() => ops.crossEntropy(tf.tensor2d([[0, 200, -300], [50, 0, 0]]), tf.tensor1d([2, 1], 'int32')));
    expect((await far.data())[0]).toBeCloseTo((500 + 50 + Math.log(1 + 2 * Math.exp(-50))) / 2, 3);
    far.dispose();
    // The reference is gather plus broadcast positions (96 ids: 8 sequences of 12; wpe has 16 rows,
    // of which 12 are used), differentiated by tfjs on cpu.
    const embedRef = (w: tf.Tensor, p: tf.Tensor) => tf.reshape(tf.add(tf.reshape(tf.gather(w, targets()), [8, 12, 24]), tf.slice(p, [0, 0], [12, 24])), [96, 24]);
    await expectSame(backend, (w, p) => ops.embed(targets(), w as tf.Tensor2D, p as tf.Tensor2D, 12), embedRef, [rand([13, 24]), rand([16, 24])]);
  });

  it('attention matches autodiff of batched matmuls', async () => {
    const ops = await opsOf();
    const [B, T, H, d] = [3, 16, 4, 32];
    const causalMask = () => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9) as tf.Tensor2D;
    const attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
      ops.causalAttention(q as tf.Tensor2D, k as tf.Tensor2D, v as tf.Tensor2D, causalMask(), { batch: B, time: T, heads: H });
    // The reference: nanoGPT's formula, differentiated by tfjs.
    const reference = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => {
      const split = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [B, T, H, d / H]), [0, 2, 1, 3]);
      const scores = tf.add(tf.div(tf.matMul(split(q), split(k), false, true), Math.sqrt(d / H)), causalMask());
      return tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), split(v)), [0, 2, 1, 3]), [B * T, d]);
    };
    await expectSame(backend, attend, reference, [rand([B * T, d]), rand([B * T, d]), rand([B * T, d])]);
  });

  it("a GPT's loss and gradients match cpu's (gather, tfjs kernels)", async () => {
    const lossAndGrads = async (on: TestBackend, ops: Ops): Promise<Float32Array[]> => {
      await useBackend(on);
      const x = tf.tensor2d(Array.from({ length: 2 * 16 }, (_, i) => (i * 5) % 11), [2, 16], 'int32');
      const y = tf.tensor2d(Array.from({ length: 2 * 16 }, (_, i) => (i * 3) % 11), [2, 16], 'int32');
      const model = createGpt(gptShape, 3, ops);
      const { value, grads } = tf.variableGrads(() => gptLoss(model, x, y));
      const out = [value, ...Object.keys(model.params).map((name) => grads[name])];
      const arrays = (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
      tf.dispose([...out, x, y, model.mask]);
      disposeParams(model.params);
      throwIfDeviceFailed();
      return arrays;
    };
    const got = await lossAndGrads(backend, await opsOf());
    const reference = await lossAndGrads('cpu', tfjsOps);
    got.forEach((g, i) => {
      const err = g.reduce((worst, v, j) => Math.max(worst, Math.abs(v - reference[i][j])), 0);
      expect(err, `tensor ${i}`).toBeLessThan(1e-5);
    });
  });
});
