/**
 * Many small independent matmuls (one per attention head and sequence) as one XNNPACK call. wasm's
 * batched matmul takes the naive path (8.8 ms for 128 × [64,16]·[16,64]); the same products as
 * one depthwise convolution take 1.3 ms, bit-identical.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withGrad } from './custom-grad.ts';

type T3 = tf.Tensor3D;

/**
 * out[:, g, :] = a[:, :, g] · b[:, g, :] for a [M, K, G] and b [K, G, N]; out is [M, G, N].
 * With aLayout 'mgk', a comes as [M, G, K] (an attention's probabilities, as softmax leaves them):
 * its transpose is then taken here and its gradient returned in that layout, which saves the
 * two transposes that would cancel in the backward pass.
 */
export function groupedMatMul(a: T3, b: T3, aLayout: 'mkg' | 'mgk' = 'mkg'): T3 {
  const groupsLast = aLayout === 'mkg';
  const op = withGrad<[T3, T3], T3, T3[]>(([a, b], save) => {
    save([a, b]);
    return {
      value: depthwiseMatMul(groupsLast ? a : tf.transpose(a, [0, 2, 1]), b),
      gradFunc: (dy, [a, b]) => {
        // da[:, g, :] = dy[:, g, :] · b[:, g, :]ᵀ and db[:, g, :] = a[:, :, g]ᵀ · dy[:, g, :], in the same form.
        const daRowsGroups = depthwiseMatMul(tf.transpose(dy, [0, 2, 1]), tf.transpose(b, [2, 1, 0]));
        const da = groupsLast ? tf.transpose(daRowsGroups, [0, 2, 1]) : daRowsGroups;
        const db = depthwiseMatMul(tf.transpose(a, groupsLast ? [1, 0, 2] : [2, 0, 1]), dy);
        return [da, db];
      },
    };
  });
  return op(a, b);
}

/**
 * Input [1, M, K, G] with G channels, filter [1, K, G, N]: a 1×K window with channel multiplier N,
 * so output channel (g, n) at row m is Σ_k a[m, k, g]·b[k, g, n].
 */
function depthwiseMatMul(a: T3, b: T3): T3 {
  const [m, k, g] = a.shape;
  const n = b.shape[2];
  const out = tf.depthwiseConv2d(tf.reshape(a, [1, m, k, g]) as tf.Tensor4D, tf.reshape(b, [1, k, g, n]) as tf.Tensor4D, 1, 'valid');
  return tf.reshape(out, [m, g, n]);
}
