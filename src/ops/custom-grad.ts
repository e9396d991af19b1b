/**
 * tf.customGrad with typed inputs and saved tensors. Hand-written backward passes let each op pick
 * kernels that are fast on every backend (see the measurements cited in each op) and run fewer
 * kernels than tfjs's op-by-op autodiff.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Forward<T extends tf.Tensor, S extends tf.Tensor[]> {
  value: T;
  /** Gradients of the loss with respect to each input, in input order. */
  gradFunc: (dy: T, saved: S) => tf.Tensor[];
}

/** `save` keeps tensors for the backward pass (tfjs copies them; only while recording gradients). */
export function withGrad<I extends tf.Tensor[], T extends tf.Tensor, S extends tf.Tensor[]>(
  forward: (inputs: I, save: (tensors: S) => void) => Forward<T, S>,
): (...inputs: I) => T {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const { value, gradFunc } = forward(args as I, save as (tensors: S) => void);
    return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => gradFunc(dy as T, saved as S) };
  });
  return (...inputs: I) => op(...inputs) as T;
}
