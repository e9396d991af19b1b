/**
 * src/train/tfjs-gradients.ts against tfjs-core's own gradient code (its ESM sources, loaded through
 * a test-only resolve hook): for each kernel, the gradients of real ops for one upstream gradient
 * with each registration, bit for bit, on cpu and wasm, covering broadcasting, every transpose pair and both gather forms.
 */
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { TFJS_GRADIENTS } from '../../src/train/tfjs-gradients.ts';
import { useBackend } from '../helpers/backend.ts';
import { tfjsCoreGradient } from '../helpers/tfjs-core-gradients.ts';

type Case = { name: string; shapes: number[][]; f: (...xs: tf.Tensor[]) => tf.Tensor };

const CASES: Record<string, Case[]> = {
  Add: [
    { name: 'same shape', shapes: [[3, 4], [3, 4]], f: (a, b) => tf.add(a, b) },
    { name: 'broadcast row', shapes: [[3, 4], [4]], f: (a, b) => tf.add(a, b) },
    { name: 'broadcast both', shapes: [[3, 1], [1, 5]], f: (a, b) => tf.add(a, b) },
  ],
  Multiply: [
    { name: 'same shape', shapes: [[3, 4], [3, 4]], f: (a, b) => tf.mul(a, b) },
    { name: 'broadcast', shapes: [[2, 3, 4], [3, 1]], f: (a, b) => tf.mul(a, b) },
  ],
  // tfjs's SquaredDifference gradient does not reduce over broadcast axes, so same shapes only.
  SquaredDifference: [{ name: 'same shape', shapes: [[3, 4], [3, 4]], f: (a, b) => tf.squaredDifference(a, b) }],
  Mean: [
    { name: 'all axes', shapes: [[3, 4, 5]], f: (x) => tf.mean(x) },
    { name: 'middle axis', shapes: [[3, 4, 5]], f: (x) => tf.mean(x, 1) },
    { name: 'two axes, kept', shapes: [[3, 4, 5]], f: (x) => tf.mean(x, [0, 2], true) },
  ],
  Reshape: [{ name: '2d to 3d', shapes: [[6, 4]], f: (x) => tf.reshape(x, [2, 3, 4]) }],
  Transpose: [{ name: '3d', shapes: [[2, 3, 4]], f: (x) => tf.transpose(x, [2, 0, 1]) }],
  BatchMatMul: [
    { name: 'a·b', shapes: [[5, 3], [3, 4]], f: (a, b) => tf.matMul(a, b) },
    { name: 'a·bᵀ', shapes: [[5, 3], [4, 3]], f: (a, b) => tf.matMul(a, b, false, true) },
    { name: 'aᵀ·b', shapes: [[3, 5], [3, 4]], f: (a, b) => tf.matMul(a, b, true, false) },
    { name: 'aᵀ·bᵀ, batched', shapes: [[2, 3, 5], [2, 4, 3]], f: (a, b) => tf.matMul(a, b, true, true) },
  ],
  Softmax: [
    { name: 'last axis', shapes: [[3, 7]], f: (x) => tf.softmax(x) },
    { name: '3d', shapes: [[2, 3, 5]], f: (x) => tf.softmax(x, -1) },
  ],
  GatherV2: [
    { name: 'rows, repeated ids', shapes: [[6, 4]], f: (x) => tf.gather(x, tf.tensor1d([0, 5, 2, 2, 0], 'int32')) },
    { name: 'columns', shapes: [[3, 6]], f: (x) => tf.gather(x, tf.tensor1d([4, 1, 4], 'int32'), 1) },
    { name: 'batched', shapes: [[2, 5, 3]], f: (x) => tf.gather(x, tf.tensor2d([[0, 4, 4], [1, 2, 0]], [2, 3], 'int32'), 1, 1) },
  ],
};

let draw = 0;
function randomTensor(shape: number[]): tf.Tensor {
  const rng = seedrandom(`tfjs-gradients:${draw++}`);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => 2 * rng() - 1), shape);
}

/** The gradients of f at xs for an upstream gradient dy, as the bits of their values. */
async function gradientBits(c: Case, xs: tf.Tensor[], dy: tf.Tensor): Promise<Uint32Array[]> {
  const grads = tf.grads((...inputs: tf.Tensor[]) => c.f(...inputs))(xs, dy);
  const bits = await Promise.all(grads.map(async (g) => new Uint32Array(Float32Array.from(await g.data()).buffer)));
  tf.dispose(grads);
  return bits;
}

describe.each(['cpu', 'wasm'] as const)('toyscale gradients equal tfjs-core’s own on %s', (backend) => {
  it.each(TFJS_GRADIENTS.map((config) => [config.kernelName, config] as const))('%s', async (kernelName, ours) => {
    await useBackend(backend);
    const theirs = await tfjsCoreGradient(kernelName);
    expect({ inputsToSave: ours.inputsToSave, outputsToSave: ours.outputsToSave, saveAllInputs: ours.saveAllInputs }).toEqual({
      inputsToSave: theirs.inputsToSave,
      outputsToSave: theirs.outputsToSave,
      saveAllInputs: theirs.saveAllInputs,
    });
    const cases = CASES[kernelName];
    expect(cases, `no test case for ${kernelName}`).toBeDefined();
    // wasm has no UnsortedSegmentSum, gather's gradient (its op set embeds by one-hot matmuls).
    if (kernelName === tf.GatherV2 && backend === 'wasm') return;
    for (const c of cases) {
      const xs = c.shapes.map(randomTensor);
      // The upstream gradient has the output's shape: run f once, outside any gradient, to learn it.
      const dy = randomTensor(tf.tidy(() => c.f(...xs).shape));
      try {
        tf.registerGradient(theirs);
        const expected = await gradientBits(c, xs, dy);
        tf.registerGradient(ours);
        const actual = await gradientBits(c, xs, dy);
        expect(actual.length, c.name).toBe(xs.length);
        actual.forEach((bits, i) => expect(bits, `${c.name}, input ${i}`).toEqual(expected[i]));
      } finally {
        tf.registerGradient(ours);
        tf.dispose([...xs, dy]);
      }
    }
  });
});
