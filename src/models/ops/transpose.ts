/** Matrix transpose for XNNPACK-bound matmuls. */
import * as tf from '@tensorflow/tfjs-core';
import type { MatMulChoice } from '../op-choices.ts';

/**
 * xᵀ. wasm's rank-2 transpose writes with a stride of the row count: 3.1 ms for [2048,256],
 * 11 ms for [2048,512]. The same permutation of a rank-3 or rank-4 view, picked by measured
 * speed for the matrix's shape, takes 0.6 ms and 1.6 ms.
 */
export function transpose2d(x: tf.Tensor2D, choice: MatMulChoice): tf.Tensor2D {
  const [rows, cols] = x.shape;
  if (choice === 'native' || rows <= 128 || rows % 16 !== 0) return tf.transpose(x);
  let t: tf.Tensor;
  if (cols % 8 !== 0) {
    // [2048,65]: 0.1 ms against 0.5 ms.
    t = tf.transpose(tf.reshape(x, [8, rows / 8, cols]), [2, 0, 1]);
  } else if (cols <= 256) {
    // Columns of 8×8 blocks: 0.12 ms for [2048,64], 0.23 ms for [2048,128].
    t = tf.transpose(tf.reshape(x, [8, rows / 8, 8, cols / 8]), [2, 3, 0, 1]);
  } else if (cols % 16 === 0) {
    // Wide matrices in two passes, 16×16 tiles transposed in place, then the tiles reordered.
    const tiles = tf.transpose(tf.reshape(x, [rows / 16, 16, cols / 16, 16]), [2, 0, 3, 1]);
    t = tf.transpose(tiles, [0, 2, 1, 3]);
  } else {
    t = tf.transpose(x);
  }
  return tf.reshape(t, [cols, rows]);
}
