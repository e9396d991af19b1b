/**
 * The token-and-position embedding kernels (src/wasm-kernels/embedding.ts) against the path they
 * replace on wasm, a one-hot matmul plus broadcast positions: the same bits, forward and backward,
 * on GPT a's shape (2,048 ids: eight of the gemm's blocks of rows), a width that is no multiple of 4,
 * fewer positions used than wpe has, and ids outside the vocabulary; then bad input and leaks.
 * (Values and gradients against gather on cpu: test/models/ops.test.ts.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/fit/rng.ts';
import { oneHotEmbedWith, wasmEmbed, withPositions } from '../../src/ops/embedding.ts';
import type { Ops } from '../../src/ops/ops.ts';
import { wasmOps } from '../../src/ops/wasm-ops.ts';
import { EMBED, EMBED_BACKWARD } from '../../src/wasm-kernels/embedding.ts';
import { useBackend } from '../helpers/backend.ts';
import { expectNoLeaks, firstDifference, uniformMatrix } from '../helpers/wasm-kernel-checks.ts';
import { registerAllTfjsCoreGradients } from '../helpers/tfjs-core-gradients.ts';

// The one-hot path slices wpe when fewer positions are used: Slice's gradient is not among training's.
await registerAllTfjsCoreGradients();

let oneHotPath: Ops['embed'];
beforeAll(async () => {
  await useBackend('wasm');
  const ops = wasmOps();
  oneHotPath = withPositions(oneHotEmbedWith(ops.matMul, ops.matMulAT));
});

/** Output, then dwte and dwpe of mean(embed ⊙ probe), as arrays. */
async function outputAndGrads(embed: Ops['embed'], ids: number[], V: number, P: number, d: number, T: number): Promise<Float32Array[]> {
  const [wte, wpe, probe] = [uniformMatrix(V, d, 1), uniformMatrix(P, d, 2), uniformMatrix(ids.length, d, 3)];
  const idTensor = tf.tensor1d(ids, 'int32');
  const outs = tf.tidy(() => {
    const f = (w: tf.Tensor, p: tf.Tensor) => embed(idTensor, w as tf.Tensor2D, p as tf.Tensor2D, T);
    const { grads } = tf.valueAndGrads((w: tf.Tensor, p: tf.Tensor) => tf.mean(tf.mul(f(w, p), probe)) as tf.Scalar)([wte, wpe]);
    return [f(wte, wpe), ...grads];
  });
  const arrays = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  tf.dispose([...outs, wte, wpe, probe, idTensor]);
  return arrays;
}

describe('token and position embeddings on wasm', () => {
  const rng = mulberry32(7);
  it.each([
    { name: 'GPT a: 32 sequences of 64, vocabulary 65, d 64', V: 65, P: 64, d: 64, T: 64, ids: Array.from({ length: 2048 }, () => Math.floor(rng() * 65)) },
    { name: 'd 6, 5 of 9 positions, 300 vocabulary', V: 300, P: 9, d: 6, T: 5, ids: Array.from({ length: 600 }, () => Math.floor(rng() * 300)) },
    { name: 'ids outside the vocabulary embed as zeros', V: 5, P: 4, d: 8, T: 4, ids: [0, -1, 4, 5, 2, 2, 99, 1] },
  ])('gives the one-hot path\'s bits, forward and backward: $name', async ({ V, P, d, T, ids }) => {
    const fused = await outputAndGrads(wasmEmbed, ids, V, P, d, T);
    const oneHot = await outputAndGrads(oneHotPath, ids, V, P, d, T);
    ['output', 'dwte', 'dwpe'].forEach((name, i) => {
      expect(fused[i].length, name).toBe(oneHot[i].length);
      expect(firstDifference(fused[i], oneHot[i]), `${name}: first element that differs`).toBe(-1);
    });
  });

  it('leaves no tensor and no backend buffer behind', async () => {
    await expectNoLeaks(() => outputAndGrads(wasmEmbed, [1, 2, 3, 0, 1, 2], 4, 3, 8, 3));
  });

  it('refuses float ids, a sequence length that does not divide the ids, and too few positions', () => {
    const [wte, wpe] = [tf.zeros([5, 8]), tf.zeros([4, 8])];
    const ids = tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32');
    expect(() => tf.engine().runKernel(EMBED, { ids: tf.cast(ids, 'float32'), wte, wpe }, { time: 3 })).toThrow(/ids must be int32/);
    expect(() => tf.engine().runKernel(EMBED, { ids, wte, wpe }, { time: 4 })).toThrow(/dividing the 6 ids/);
    expect(() => tf.engine().runKernel(EMBED, { ids, wte, wpe }, { time: 6 })).toThrow(/at least 6 rows/);
    const dy = tf.zeros([6, 8]);
    expect(() => tf.engine().runKernel(EMBED_BACKWARD, { ids, dy }, { time: 3, vocab: 5, positions: 2 })).toThrow(/positions 2 >= time/);
    tf.dispose([wte, wpe, ids, dy]);
  });
});
