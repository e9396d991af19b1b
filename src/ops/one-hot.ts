/** One-hot rows as float32. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Built as int32 and cast: wasm's OneHot kernel ignores the dtype argument and writes int32 bits
 * into a float32 tensor (a 1 reads as 1.4e-45).
 */
export function floatOneHot(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D;
}
