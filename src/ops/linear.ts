/** Dense layer x·w + b (optionally ReLU), with a backward pass built from the op set's matmuls. */
import * as tf from '@tensorflow/tfjs-core';
import { withGrad } from './custom-grad.ts';
import type { Ops } from './ops.ts';

export type Activation = 'linear' | 'relu';
type T2 = tf.Tensor2D;

export function linear(x: T2, w: T2, b: tf.Tensor1D, ops: Ops, activation: Activation = 'linear'): T2 {
  const op = withGrad<[T2, T2, tf.Tensor1D], T2, T2[]>(([x, w, b], save) => {
    const z = ops.matMul(x, w, b);
    const y = activation === 'relu' ? tf.relu(z) : z;
    save(activation === 'relu' ? [x, w, y] : [x, w]);
    return {
      value: y,
      gradFunc: (dy, [x, w, y]) => {
        const dz = activation === 'relu' ? (tf.mul(dy, tf.step(y)) as T2) : dy;
        return [ops.matMulBT(dz, w), ops.matMulAT(x, dz), ops.columnSum(dz)];
      },
    };
  });
  return op(x, w, b);
}

/** x·w without a bias (the unembedding). */
export function linearNoBias(x: T2, w: T2, ops: Ops): T2 {
  const op = withGrad<[T2, T2], T2, T2[]>(([x, w], save) => {
    save([x, w]);
    return {
      value: ops.matMul(x, w),
      gradFunc: (dy, [x, w]) => [ops.matMulBT(dy, w), ops.matMulAT(x, dy)],
    };
  });
  return op(x, w);
}
