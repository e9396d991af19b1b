/** Token embeddings: a gather, or on wasm (which has no gather gradient kernel) a one-hot matmul. */
import * as tf from '@tensorflow/tfjs-core';
import type { OpChoices } from '../op-choices.ts';
import { withGrad } from './custom-grad.ts';
import { matMul, matMulAT } from './matmul.ts';
import { floatOneHot } from './one-hot.ts';

type T2 = tf.Tensor2D;

/** Rows of wte [V, d] for token ids [M]. */
export function embed(ids: tf.Tensor1D, wte: T2, ops: OpChoices): T2 {
  if (ops.embedding === 'gather') return tf.gather(wte, ids);
  const op = withGrad<[T2], T2, T2[]>(([wte], save) => {
    const oneHot = floatOneHot(ids, wte.shape[0]);
    save([oneHot]);
    return { value: matMul(oneHot, wte, ops.kernels), gradFunc: (dy, [oneHot]) => [matMulAT(oneHot, dy, ops.kernels)] };
  });
  return op(wte);
}
