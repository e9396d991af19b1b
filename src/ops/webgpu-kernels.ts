/** Calls into toyscale's WGSL kernels (src/webgpu-kernels); like the wasm kernels, they have no gradients of their own. */
import * as tf from '@tensorflow/tfjs-core';

export function runWebGpuKernel(name: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
