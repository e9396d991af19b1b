/** AdamW against a plain-number implementation of the textbook update (Loshchilov & Hutter 2019). */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { KernelChoice } from '../../src/models/op-choices.ts';
import { AdamW } from '../../src/train/adamw.ts';
import { registerWasmKernels } from '../../src/wasm-kernels/register.ts';
import { useBackend } from '../helpers/backend.ts';

// tfjs's kernels on cpu, and the fused wasm kernels (b has 2 elements: the kernel's scalar tail).
it.each([['cpu', 'tfjs'], ['wasm', 'wasm']] as const)('on %s with %s kernels, matches the textbook AdamW with global-norm clipping and decay on matrices only', async (backend, kernels: KernelChoice) => {
  await useBackend(backend);
  if (kernels === 'wasm') registerWasmKernels();
  const settings = { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, gradClip: 1, epsilon: 1e-8 };
  const w0 = [0.5, -1, 2, 0.25];
  const b0 = [0.1, -0.2];
  const params = { w: tf.variable(tf.tensor2d(w0, [2, 2])), b: tf.variable(tf.tensor1d(b0)) };
  const opt = new AdamW(params, settings, kernels);
  const ref = { w: [...w0], b: [...b0] };
  const moments = { w: { m: [0, 0, 0, 0], v: [0, 0, 0, 0] }, b: { m: [0, 0], v: [0, 0] } };
  for (let t = 1; t <= 5; t++) {
    const lr = 0.01 * t;
    // Gradients large enough that clipping applies on some steps.
    const g = { w: ref.w.map((x, i) => x * (t + i)), b: ref.b.map((x) => 0.1 * x) };
    const norm = Math.sqrt([...g.w, ...g.b].reduce((s, x) => s + x * x, 0));
    const scale = settings.gradClip / Math.max(norm, settings.gradClip);
    for (const name of ['w', 'b'] as const) {
      const { m, v } = moments[name];
      ref[name] = ref[name].map((p, i) => {
        const gi = g[name][i] * scale;
        m[i] = settings.beta1 * m[i] + (1 - settings.beta1) * gi;
        v[i] = settings.beta2 * v[i] + (1 - settings.beta2) * gi * gi;
        const update = m[i] / (1 - settings.beta1 ** t) / (Math.sqrt(v[i] / (1 - settings.beta2 ** t)) + settings.epsilon);
        const decay = name === 'w' ? 1 - lr * settings.weightDecay : 1;
        return p * decay - lr * update;
      });
    }
    const grads = { w: tf.tensor2d(g.w, [2, 2]), b: tf.tensor1d(g.b) };
    const normT = opt.step(grads, lr);
    expect(normT.dataSync()[0]).toBeCloseTo(norm, 4);
    tf.dispose([normT, grads.w, grads.b]);
  }
  expect(Array.from(params.w.dataSync()).map((x, i) => x - ref.w[i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
  expect(Array.from(params.b.dataSync()).map((x, i) => x - ref.b[i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
  opt.dispose();
  tf.dispose([params.w, params.b]);
});
