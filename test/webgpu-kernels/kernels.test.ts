/**
 * toyscale's WGSL kernels (src/webgpu-kernels) through the webgpu op set, against the unfused
 * reference (tfjs's op-by-op forms, tfjsOps) on the cpu backend: each op's value and input
 * gradients within 1e-5, and the same bits from two runs on the GPU. The multi-tensor AdamW is
 * checked the same way over several steps, with clipping on, at this adapter's storage-buffer limit
 * and at WebGPU's default of 8 (one tensor per dispatch).
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { throwIfDeviceFailed } from '../../src/backend/device-errors.ts';
import { tfjsAdamwUpdate } from '../../src/ops/adamw-update.ts';
import { linear } from '../../src/ops/linear.ts';
import type { AdamWCoefficients, Ops } from '../../src/ops/ops.ts';
import { opsFor } from '../../src/backend/registry.ts';
import { tfjsOps } from '../../src/ops/tfjs-ops.ts';
import { adamw, globalNorm, storageBufferLimit } from '../../src/webgpu-kernels/adamw.ts';
import { useBackend } from '../helpers/backend.ts';
import { registerAllTfjsCoreGradients } from '../helpers/tfjs-core-gradients.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

// The references differentiate through kernels training never does (slice, reshape…): all of tfjs-core's gradients.
await registerAllTfjsCoreGradients();

const TOLERANCE = 1e-5;

type Fn = (ops: Ops, ...xs: tf.Tensor[]) => tf.Tensor;
type Input = { values: Float32Array | Int32Array; shape: number[]; dtype?: 'int32' };

let seed = 1;
function rand(shape: number[], scale = 1): Input {
  const rng = seedrandom(`webgpu-kernels:${seed++}`);
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * (2 * rng() - 1));
  return { values, shape };
}

function ints(n: number, below: number): Input {
  const rng = seedrandom(`webgpu-kernels-ids:${seed++}`);
  return { values: Int32Array.from({ length: n }, () => Math.floor(rng() * below)), shape: [n], dtype: 'int32' };
}

/** f's value and the gradients of sum(f ⊙ probe) with respect to its float inputs, read back. */
async function run(backend: 'cpu' | 'webgpu', f: Fn, inputs: Input[]): Promise<Float32Array[]> {
  await useBackend(backend);
  const ops = backend === 'cpu' ? tfjsOps : opsFor('webgpu');
  const xs = inputs.map(({ values, shape, dtype }) => tf.tensor(values, shape, dtype ?? 'float32'));
  const floats = xs.filter((x) => x.dtype === 'float32');
  const outs = tf.tidy(() => {
    const call = (...fs: tf.Tensor[]) => {
      let k = 0;
      return f(ops, ...xs.map((x) => (x.dtype === 'float32' ? fs[k++] : x)));
    };
    const probe = tf.randomNormal(call(...floats).shape, 0, 1, 'float32', 7);
    // The gradients of sum(f ⊙ probe): backpropagation seeded with the probe.
    const { value, grads } = tf.valueAndGrads((...fs: tf.Tensor[]) => call(...fs))(floats, probe);
    return [tf.reshape(value, [-1]), ...grads];
  });
  const arrays = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  tf.dispose([...outs, ...xs]);
  throwIfDeviceFailed();
  return arrays;
}

/** Largest difference, relative to the reference's scale where that is above 1. */
function worst(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let scale = 1;
  let err = 0;
  want.forEach((w, j) => {
    scale = Math.max(scale, Math.abs(w));
    err = Math.max(err, Math.abs(got[j] - w));
  });
  return err / scale;
}

async function expectMatchesReference(f: Fn, inputs: Input[]): Promise<void> {
  const first = await run('webgpu', f, inputs);
  const again = await run('webgpu', f, inputs);
  const reference = await run('cpu', f, inputs);
  first.forEach((got, i) => {
    expect(worst(got, reference[i]), `output ${i} (0: the value, then the gradients)`).toBeLessThan(TOLERANCE);
    expect(Buffer.from(again[i].buffer).equals(Buffer.from(got.buffer)), `output ${i} differs between two runs`).toBe(true);
  });
}

describe.runIf(webgpuAvailability().ok)('webgpu kernels against the unfused reference on cpu', { timeout: 300_000 }, () => {
  it('LayerNorm, rows of 64 and of 18', async () => {
    const ln: Fn = (ops, x, g, b) => ops.layerNorm(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D);
    await expectMatchesReference(ln, [rand([256, 64], 3), rand([64]), rand([64])]);
    await expectMatchesReference(ln, [rand([40, 18], 3), rand([18]), rand([18])]);
  });

  it('GELU', async () => {
    await expectMatchesReference((ops, x) => ops.gelu(x as tf.Tensor2D), [rand([64, 50], 4)]);
  });

  it('cross-entropy', async () => {
    await expectMatchesReference((ops, z, t) => ops.crossEntropy(z as tf.Tensor2D, t as tf.Tensor1D), [rand([300, 65], 5), ints(300, 65)]);
  });

  it('causal attention', async () => {
    const [B, T, H, d] = [2, 16, 4, 32];
    const mask = () => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9) as tf.Tensor2D;
    const attend: Fn = (ops, q, k, v) => ops.causalAttention(q as tf.Tensor2D, k as tf.Tensor2D, v as tf.Tensor2D, mask(), { batch: B, time: T, heads: H });
    await expectMatchesReference(attend, [rand([B * T, d]), rand([B * T, d]), rand([B * T, d])]);
  });

  it('embeddings, with fewer positions used than wpe has', async () => {
    const embed: Fn = (ops, ids, wte, wpe) => ops.embed(ids as tf.Tensor1D, wte as tf.Tensor2D, wpe as tf.Tensor2D, 12);
    await expectMatchesReference(embed, [ints(96, 13), rand([13, 24]), rand([16, 24])]);
  });

  it('a dense layer: matmul with the bias in its epilogue, and the bias gradient (column sums)', async () => {
    const dense: Fn = (ops, x, w, b) => linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, ops);
    await expectMatchesReference(dense, [rand([128, 40]), rand([40, 24]), rand([24])]);
    await expectMatchesReference(dense, [rand([2048, 16]), rand([16, 65]), rand([65])]);
  });
});

describe.runIf(webgpuAvailability().ok)('the multi-tensor AdamW on webgpu', { timeout: 300_000 }, () => {
  // 37 tensors of assorted sizes (a GPT's), some decayed; clip low enough to act on every step.
  const shapes = Array.from({ length: 37 }, (_, i) => (i % 3 === 0 ? [8, 5 + i] : [3 + 7 * i]));
  const coefficients = (t: number): AdamWCoefficients => {
    const rootC2 = Math.sqrt(1 - 0.95 ** t);
    return { beta1: 0.9, beta2: 0.95, gradClip: 0.5, stepSize: (1e-2 * rootC2) / (1 - 0.9 ** t), epsHat: 1e-8 * rootC2 };
  };

  /** Five steps of AdamW; returns every p, m, v and each step's norm. `limit` (webgpu only) forces the storage-buffer limit. */
  async function steps(backend: 'cpu' | 'webgpu', limit?: number): Promise<Float32Array[]> {
    await useBackend(backend);
    opsFor(backend); // registers the kernels
    const rng = seedrandom('adamw-kernel');
    const values = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rng() - 1);
    const slots = shapes.map((shape, i) => ({
      p: tf.variable(tf.tensor(values(shape), shape)),
      m: tf.variable(tf.zeros(shape), false),
      v: tf.variable(tf.zeros(shape), false),
      decay: i % 3 === 0 ? 0.999 : 1,
    }));
    const norms: tf.Tensor[] = [];
    for (let t = 1; t <= 5; t++) {
      const grads = shapes.map((shape) => tf.tensor(values(shape), shape));
      const withGrads = slots.map((s, i) => ({ ...s, g: grads[i] }));
      if (backend === 'cpu') norms.push(tfjsAdamwUpdate(Number.POSITIVE_INFINITY)(withGrads, coefficients(t)));
      else {
        // The kernels directly, so that the limit can be forced.
        const norm = globalNorm(grads, limit);
        const out = adamw(withGrads, norm, coefficients(t), limit);
        const tensors = out.map((infos) => infos.map((info) => tf.engine().makeTensorFromTensorInfo(info)));
        slots.forEach((s, i) => {
          s.p.assign(tensors[i][0]);
          s.m.assign(tensors[i][1]);
          s.v.assign(tensors[i][2]);
        });
        tf.dispose(tensors.flat());
        norms.push(tf.engine().makeTensorFromTensorInfo(norm));
      }
      tf.dispose(grads);
    }
    const all = [...slots.flatMap((s) => [s.p, s.m, s.v]), ...norms];
    const arrays = (await Promise.all(all.map((t) => t.data()))) as Float32Array[];
    tf.dispose(all);
    throwIfDeviceFailed();
    return arrays;
  }

  it(`matches tfjs's elementwise AdamW on cpu within ${TOLERANCE}, the same bits run to run, at any storage-buffer limit`, async () => {
    const reference = await steps('cpu');
    const here = await steps('webgpu');
    const again = await steps('webgpu');
    const eight = await steps('webgpu', 8);
    console.log(`storage buffers per shader stage here: ${storageBufferLimit()}`);
    here.forEach((got, i) => {
      expect(worst(got, reference[i]), `tensor ${i}`).toBeLessThan(TOLERANCE);
      expect(Buffer.from(again[i].buffer).equals(Buffer.from(got.buffer)), `tensor ${i} differs between two runs`).toBe(true);
      expect(worst(eight[i], reference[i]), `tensor ${i}, 8 buffers`).toBeLessThan(TOLERANCE);
    });
  });
});
