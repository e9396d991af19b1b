/** tfjs's own matmuls (cpu, tensorflow, tensorflow-gpu, webgpu), whose transpose flags are free there. */
import * as tf from '@tensorflow/tfjs-core';

type T2 = tf.Tensor2D;

/** a·b (+ bias); under a gradient tape tfjs fuses only the bias, which is all a dense layer needs. */
export function tfjsMatMul(a: T2, b: T2, bias?: tf.Tensor1D): T2 {
  return bias ? (tf.fused.matMul({ a, b, bias }) as T2) : tf.matMul(a, b);
}

export function tfjsMatMulBT(a: T2, b: T2): T2 {
  return tf.matMul(a, b, false, true);
}

export function tfjsMatMulAT(a: T2, b: T2): T2 {
  return tf.matMul(a, b, true, false);
}
