/**
 * The AdamW update of train/adamw.ts on each backend's kernels. Both forms clip to the global norm
 * with no host read: the clip scale is a tensor folded into the moments' coefficients.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAMW, GLOBAL_NORM } from '../wasm-kernels/fused.ts';
import type { AdamWCoefficients, AdamWSlot } from './ops.ts';
import { runWasmKernel } from './wasm-kernels.ts';

/**
 * Sum of tensors through addN in groups of at most `maxInputs`. WebGPU allows 8 storage buffers
 * per shader stage (7 inputs and the output) by default; a larger addN there fails validation and,
 * since Dawn reports that off the call path, would otherwise only show up as NaN losses.
 */
export function addNInGroups(xs: tf.Tensor[], maxInputs: number): tf.Tensor {
  let layer = xs;
  while (layer.length > maxInputs) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < layer.length; i += maxInputs) {
      const group = layer.slice(i, i + maxInputs);
      next.push(group.length === 1 ? group[0] : tf.addN(group));
    }
    layer = next;
  }
  return layer.length === 1 ? layer[0] : tf.addN(layer);
}

/** tfjs's elementwise ops: 13 kernels per parameter. addN takes at most maxAddNInputs at a time. */
export function tfjsAdamwUpdate(maxAddNInputs: number): (slots: AdamWSlot[], c: AdamWCoefficients) => tf.Scalar {
  return (slots, { beta1, beta2, gradClip, stepSize, epsHat }) =>
    tf.tidy(() => {
      const norm = tf.sqrt(addNInGroups(slots.map(({ g }) => tf.sum(tf.square(g))), maxAddNInputs)) as tf.Scalar;
      // Clip scale = clip / max(norm, clip), 1 below the threshold.
      const scale = tf.div(gradClip, tf.maximum(norm, gradClip));
      const gain1 = tf.mul(scale, 1 - beta1);
      const gain2 = tf.mul(tf.square(scale), 1 - beta2);
      for (const { p, g, m, v, decay } of slots) {
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, gain1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), gain2)));
        const update = tf.div(m, tf.add(tf.sqrt(v), epsHat));
        p.assign(tf.sub(decay === 1 ? p : tf.mul(p, decay), tf.mul(update, stepSize)));
      }
      return norm;
    });
}

/** One wasm kernel for the global norm and one per tensor, reading the clip scale from the norm tensor. */
export function wasmAdamwUpdate(slots: AdamWSlot[], { beta1, beta2, gradClip, stepSize, epsHat }: AdamWCoefficients): tf.Scalar {
  return tf.tidy(() => {
    const [norm] = runWasmKernel(GLOBAL_NORM, Object.fromEntries(slots.map(({ g }, i) => [`g${i}`, g])));
    for (const { p, g, m, v, decay } of slots) {
      const attrs = { clip: gradClip, beta1, beta2, step: stepSize, epsHat, decay };
      const [pNext, mNext, vNext] = runWasmKernel(ADAMW, { p, g, m, v, norm }, attrs);
      p.assign(pNext);
      m.assign(mNext);
      v.assign(vNext);
    }
    return norm as tf.Scalar;
  });
}
