/**
 * LayerNorm over the last axis with a hand-written backward pass: autodiff of the forward would
 * reduce the gain and bias gradients with sum(axis 0), slow on wasm and cpu (see column-sum.ts),
 * and would save more intermediates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM, LAYER_NORM_BACKWARD } from '../wasm-kernels/fused.ts';
import { withGrad } from './custom-grad.ts';
import { runWasmKernel } from './wasm-kernels.ts';
import { LAYER_NORM as WEBGPU_LAYER_NORM, LAYER_NORM_BACKWARD as WEBGPU_LAYER_NORM_BACKWARD } from '../webgpu-kernels/layer-norm.ts';
import { runWebGpuKernel } from './webgpu-kernels.ts';

const EPS = 1e-5;
type T1 = tf.Tensor1D;
type T2 = tf.Tensor2D;

/** From tfjs's ops, with the gain and bias gradients reduced by the given column sum. */
export function layerNormWith(columnSum: (x: T2) => T1): (x: T2, gain: T1, bias: T1) => T2 {
  return (x, gain, bias) => {
    const op = withGrad<[T2, T1, T1], T2, tf.Tensor[]>(([x, gain, bias], save) => {
      const centred = tf.sub(x, tf.mean(x, -1, true));
      const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), EPS));
      const xhat = tf.mul(centred, rstd) as T2;
      save([xhat, rstd, gain]);
      return {
        value: tf.add(tf.mul(xhat, gain), bias) as T2,
        gradFunc: (dy, [xhat, rstd, gain]) => {
          // dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy · gain, per row.
          const g = tf.mul(dy, gain);
          const dx = tf.mul(rstd, tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xhat, tf.mean(tf.mul(g, xhat), -1, true))));
          return [dx, columnSum(tf.mul(dy, xhat) as T2), columnSum(dy)];
        },
      };
    });
    return op(x, gain, bias);
  };
}

/** One wasm pass each way; the backward pass also sums the gain and bias gradients. Rows of 4k floats only. */
export function fusedWasmLayerNorm(x: T2, gain: T1, bias: T1): T2 {
  const op = withGrad<[T2, T1, T1], T2, tf.Tensor[]>(([x, gain, bias], save) => {
    const [y, xhat, rstd] = runWasmKernel(LAYER_NORM, { x, gain, bias }, { eps: EPS });
    save([xhat, rstd, gain]);
    return { value: y as T2, gradFunc: (dy, [xhat, rstd, gain]) => runWasmKernel(LAYER_NORM_BACKWARD, { dy, xhat, rstd, gain }) };
  });
  return op(x, gain, bias);
}

/** One WGSL dispatch each way (src/webgpu-kernels/layer-norm.ts); the backward one also sums the gain and bias gradients. */
export function webgpuLayerNorm(x: T2, gain: T1, bias: T1): T2 {
  const op = withGrad<[T2, T1, T1], T2, tf.Tensor[]>(([x, gain, bias], save) => {
    const [y, xhat, rstd] = runWebGpuKernel(WEBGPU_LAYER_NORM, { x, gain, bias }, { eps: EPS });
    save([xhat, rstd, gain]);
    return { value: y as T2, gradFunc: (dy, [xhat, rstd, gain]) => runWebGpuKernel(WEBGPU_LAYER_NORM_BACKWARD, { dy, xhat, rstd, gain }) };
  });
  return op(x, gain, bias);
}
