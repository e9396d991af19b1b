/** Dense layer x·w + b (optionally ReLU), with a backward pass built from matMulBT and denseGrads. */
import * as tf from '@tensorflow/tfjs-core';
import { withGrad } from './custom-grad.ts';
import { denseGrads, matMul, matMulAT, matMulBT } from './matmul.ts';
import type { KernelChoice } from '../op-choices.ts';

export type Activation = 'linear' | 'relu';
type T2 = tf.Tensor2D;

export function linear(x: T2, w: T2, b: tf.Tensor1D, choice: KernelChoice, activation: Activation = 'linear'): T2 {
  const op = withGrad<[T2, T2, tf.Tensor1D], T2, T2[]>(([x, w, b], save) => {
    const z = matMul(x, w, choice, b);
    const y = activation === 'relu' ? tf.relu(z) : z;
    save(activation === 'relu' ? [x, w, y] : [x, w]);
    return {
      value: y,
      gradFunc: (dy, [x, w, y]) => {
        const dz = activation === 'relu' ? tf.mul(dy, tf.step(y)) as T2 : dy;
        return [matMulBT(dz, w, choice), ...denseGrads(x, dz, choice)];
      },
    };
  });
  return op(x, w, b);
}

/** x·w without a bias (the unembedding). */
export function linearNoBias(x: T2, w: T2, choice: KernelChoice): T2 {
  const op = withGrad<[T2, T2], T2, T2[]>(([x, w], save) => {
    save([x, w]);
    return {
      value: matMul(x, w, choice),
      gradFunc: (dy, [x, w]) => [matMulBT(dy, w, choice), matMulAT(x, dy, choice)],
    };
  });
  return op(x, w);
}
