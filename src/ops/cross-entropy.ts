/**
 * Mean cross-entropy (nats) of logits [M, V] against integer targets [M], with the gradient
 * (softmax − one-hot) / M written out. The log-sum-exp comes from the softmax itself: at the
 * argmax p = 1 / Σ exp(z − max z), so log Σ exp(z − max z) = −log(max p), always finite. On wasm
 * softmax takes 0.22 ms per [2048,65] where logSoftmax takes 1.5 ms and exp alone 0.9 ms.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CROSS_ENTROPY, CROSS_ENTROPY_BACKWARD } from '../wasm-kernels/cross-entropy.ts';
import { withGrad } from './custom-grad.ts';
import { floatOneHot } from './one-hot.ts';
import { runWasmKernel } from './wasm-kernels.ts';
import { CROSS_ENTROPY as WEBGPU_CROSS_ENTROPY } from '../webgpu-kernels/cross-entropy.ts';
import { CROSS_ENTROPY_BACKWARD as WEBGPU_CROSS_ENTROPY_BACKWARD } from '../webgpu-kernels/elementwise.ts';
import { runWebGpuKernel } from './webgpu-kernels.ts';

export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const [rows, vocab] = logits.shape;
  const op = withGrad<[tf.Tensor2D], tf.Scalar, tf.Tensor2D[]>(([z], save) => {
    const p = tf.softmax(z);
    const oneHot = floatOneHot(targets, vocab);
    const logSumExp = tf.sub(tf.max(z, -1), tf.log(tf.max(p, -1)));
    const perRow = tf.sub(logSumExp, tf.sum(tf.mul(z, oneHot), -1));
    save([p, oneHot]);
    return {
      value: tf.mean(perRow) as tf.Scalar,
      gradFunc: (dy, [p, oneHot]) => [tf.mul(tf.sub(p, oneHot), tf.div(dy, rows))],
    };
  });
  return op(logits);
}

/** wasm: one kernel forward (softmax, log-sum-exp and the mean) and one backward, for the 14 above. */
export function wasmCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const op = withGrad<[tf.Tensor2D], tf.Scalar, tf.Tensor[]>(([z], save) => {
    const [loss, p] = runWasmKernel(CROSS_ENTROPY, { z, targets });
    save([p, targets]); // kept for the backward pass, which may outlive the scope that made targets
    return {
      value: loss as tf.Scalar,
      gradFunc: (dloss, [p, targets]) => runWasmKernel(CROSS_ENTROPY_BACKWARD, { p, targets, dloss }),
    };
  });
  return op(logits);
}

/** webgpu: one WGSL dispatch forward (softmax, log-sum-exp and the mean) and one backward. */
export function webgpuCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const op = withGrad<[tf.Tensor2D], tf.Scalar, tf.Tensor[]>(([z], save) => {
    const [loss, p] = runWebGpuKernel(WEBGPU_CROSS_ENTROPY, { z, targets });
    save([p, targets]); // kept for the backward pass, which may outlive the scope that made targets
    return {
      value: loss as tf.Scalar,
      gradFunc: (dloss, [p, targets]) => runWebGpuKernel(WEBGPU_CROSS_ENTROPY_BACKWARD, { p, targets, dloss }),
    };
  });
  return op(logits);
}
