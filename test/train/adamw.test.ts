/** AdamW against a plain-number implementation of the textbook update (Loshchilov & Hutter 2019). */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { throwIfDeviceFailed } from '../../src/backend/device-errors.ts';
import { opsFor } from '../../src/backend/registry.ts';
import { AdamW } from '../../src/train/adamw.ts';
import { useBackend, type TestBackend } from '../helpers/backend.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

const backends: TestBackend[] = ['cpu', 'wasm'];
if (webgpuAvailability().ok) backends.push('webgpu');

// tfjs's kernels on cpu and webgpu, and the fused wasm kernels (b has 2 elements: the kernel's scalar tail).
describe.each(backends)('AdamW on %s', (backend) => {
it('matches the textbook AdamW with global-norm clipping and decay on matrices only', async () => {
  await useBackend(backend);
  const ops = opsFor(backend);
  const settings = { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, gradClip: 1, epsilon: 1e-8 };
  const w0 = [0.5, -1, 2, 0.25];
  const b0 = [0.1, -0.2];
  const params = { w: tf.variable(tf.tensor2d(w0, [2, 2])), b: tf.variable(tf.tensor1d(b0)) };
  const opt = new AdamW(params, settings, ops);
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
    expect((await normT.data())[0]).toBeCloseTo(norm, 4);
    tf.dispose([normT, grads.w, grads.b]);
  }
  expect(Array.from(await params.w.data()).map((x, i) => x - ref.w[i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
  expect(Array.from(await params.b.data()).map((x, i) => x - ref.b[i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
  throwIfDeviceFailed();
  opt.dispose();
  tf.dispose([params.w, params.b]);
});

// A GPT has dozens of tensors; a WebGPU shader binds a few storage buffers only, so the norm's sum is grouped there.
it('takes the global norm over 37 tensors exactly', async () => {
  await useBackend(backend);
  const params = Object.fromEntries(Array.from({ length: 37 }, (_, i) => [`p${i}`, tf.variable(tf.fill([3], 0))]));
  const opt = new AdamW(params, { beta1: 0.9, beta2: 0.95, weightDecay: 0, gradClip: 1e9 }, opsFor(backend));
  const grads = Object.fromEntries(Object.keys(params).map((name, i) => [name, tf.fill([3], i + 1)]));
  const normT = opt.step(grads, 1e-3);
  // sqrt(3 · Σ i² for i = 1..37)
  const want = Math.sqrt((3 * 37 * 38 * 75) / 6);
  expect((await normT.data())[0]).toBeCloseTo(want, 2);
  throwIfDeviceFailed();
  tf.dispose([normT, ...Object.values(grads), ...Object.values(params)]);
  opt.dispose();
});
});
