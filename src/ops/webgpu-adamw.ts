/**
 * webgpu's AdamW step: the gradients' global norm, then every tensor's update, in toyscale's WGSL
 * kernels (src/webgpu-kernels/adamw.ts): a few dispatches for the whole model instead of 13 per tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAMW, GLOBAL_NORM } from '../webgpu-kernels/adamw.ts';
import type { AdamWCoefficients, AdamWSlot } from './ops.ts';

export function webgpuAdamwUpdate(slots: AdamWSlot[], { beta1, beta2, gradClip, stepSize, epsHat }: AdamWCoefficients): tf.Scalar {
  return tf.tidy(() => {
    const norm = tf.engine().runKernel(GLOBAL_NORM, Object.fromEntries(slots.map(({ g }, k) => [`g${k}`, g]))) as tf.Tensor;
    const inputs: tf.NamedTensorMap = { norm };
    const attrs: Record<string, number> = { count: slots.length, beta1, beta2, gradClip, stepSize, epsHat };
    slots.forEach(({ p, g, m, v, decay }, k) => {
      Object.assign(inputs, { [`p${k}`]: p, [`g${k}`]: g, [`m${k}`]: m, [`v${k}`]: v });
      attrs[`decay${k}`] = decay;
    });
    const out = tf.engine().runKernel(ADAMW, inputs, attrs) as tf.Tensor[];
    slots.forEach(({ p, m, v }, k) => {
      p.assign(out[3 * k]);
      m.assign(out[3 * k + 1]);
      v.assign(out[3 * k + 2]);
    });
    return tf.reshape(norm, []) as tf.Scalar;
  });
}
