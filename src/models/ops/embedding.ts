/**
 * Token embeddings: a gather, or a one-hot matmul. The one-hot form is for backends where gather's
 * gradient (UnsortedSegmentSum) is missing (wasm) or sums with atomics in no fixed order (webgpu),
 * which would make a run's last bits vary from one run to the next.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withGrad } from './custom-grad.ts';
import { floatOneHot } from './one-hot.ts';

type T1 = tf.Tensor1D;
type T2 = tf.Tensor2D;

export function gatherEmbed(ids: T1, wte: T2): T2 {
  return tf.gather(wte, ids);
}

/** onehot(ids)·wte, its gradient onehot(ids)ᵀ·dy, on the op set's own matmuls. */
export function oneHotEmbedWith(matMul: (a: T2, b: T2) => T2, matMulAT: (a: T2, b: T2) => T2): (ids: T1, wte: T2) => T2 {
  return (ids, wte) => {
    const op = withGrad<[T2], T2, T2[]>(([wte], save) => {
      const oneHot = floatOneHot(ids, wte.shape[0]);
      save([oneHot]);
      return { value: matMul(oneHot, wte), gradFunc: (dy, [oneHot]) => [matMulAT(oneHot, dy)] };
    });
    return op(wte);
  };
}
