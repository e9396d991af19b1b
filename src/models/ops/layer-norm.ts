/**
 * LayerNorm over the last axis with a hand-written backward pass: autodiff of the forward would
 * reduce the gain and bias gradients with sum(axis 0), slow on wasm and cpu (see columnSum), and
 * would save more intermediates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM, LAYER_NORM_BACKWARD } from '../../wasm-kernels/fused.ts';
import { withGrad } from './custom-grad.ts';
import { runWasmKernel } from './wasm-kernels.ts';
import { columnSum } from './column-sum.ts';
import type { KernelChoice } from '../op-choices.ts';

const EPS = 1e-5;
type T2 = tf.Tensor2D;

export function layerNorm(x: T2, gain: tf.Tensor1D, bias: tf.Tensor1D, choice: KernelChoice): T2 {
  if (choice === 'wasm' && x.shape[1] % 4 === 0) return fusedLayerNorm(x, gain, bias);
  const op = withGrad<[T2, tf.Tensor1D, tf.Tensor1D], T2, tf.Tensor[]>(([x, gain, bias], save) => {
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
        return [dx, columnSum(tf.mul(dy, xhat) as T2, choice), columnSum(dy, choice)];
      },
    };
  });
  return op(x, gain, bias);
}

/** The same, one wasm pass each way; the backward pass also sums the gain and bias gradients. */
function fusedLayerNorm(x: T2, gain: tf.Tensor1D, bias: tf.Tensor1D): T2 {
  const op = withGrad<[T2, tf.Tensor1D, tf.Tensor1D], T2, tf.Tensor[]>(([x, gain, bias], save) => {
    const [y, xhat, rstd] = runWasmKernel(LAYER_NORM, { x, gain, bias }, { eps: EPS });
    save([xhat, rstd, gain]);
    return { value: y as T2, gradFunc: (dy, [xhat, rstd, gain]) => runWasmKernel(LAYER_NORM_BACKWARD, { dy, xhat, rstd, gain }) };
  });
  return op(x, gain, bias);
}
