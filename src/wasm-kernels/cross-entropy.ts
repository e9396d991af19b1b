/**
 * Mean cross-entropy of logits against integer targets, and its gradient (cross_entropy_forward and
 * cross_entropy_backward in kernels.c), as tfjs kernels for the wasm backend: one pass each where
 * the tfjs formula ran 11 kernels forward and 3 backward. Neither has a gradient: wasmCrossEntropy
 * (src/ops/cross-entropy.ts) pairs them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel } from './module.ts';

function checkShapes(kernel: string, z: tf.TensorInfo, targets: tf.TensorInfo): [number, number] {
  const [rows, vocab] = z.shape;
  if (z.shape.length !== 2 || rows < 1 || vocab < 1 || targets.shape.length !== 1 || targets.shape[0] !== rows) {
    throw new Error(`${kernel}: want logits [M, V] and targets [M] with M, V ≥ 1, got [${z.shape}] and [${targets.shape}]`);
  }
  return [rows, vocab];
}

export const CROSS_ENTROPY = 'ToyscaleCrossEntropy';
/** Outputs the mean loss (a scalar) and the softmax p [M, V] the backward pass needs. */
export const crossEntropyConfig = wasmKernel(
  CROSS_ENTROPY,
  ['z', 'targets'],
  ({ exports, address, output, constants }, { z, targets }) => {
    const [rows, vocab] = checkShapes(CROSS_ENTROPY, z, targets);
    const [loss, lossAt] = output([]);
    const [p, pAt] = output(z.shape);
    exports.cross_entropy_forward(address(z), address(targets), pAt, lossAt, rows, vocab, constants);
    return [loss, p];
  },
  ['targets'],
);

export const CROSS_ENTROPY_BACKWARD = 'ToyscaleCrossEntropyBackward';
/** dz = (p − onehot(targets)) · dloss / M. */
export const crossEntropyBackwardConfig = wasmKernel(
  CROSS_ENTROPY_BACKWARD,
  ['p', 'targets', 'dloss'],
  ({ exports, address, output }, { p, targets, dloss }) => {
    const [rows, vocab] = checkShapes(CROSS_ENTROPY_BACKWARD, p, targets);
    if (tf.util.sizeFromShape(dloss.shape) !== 1) throw new Error(`${CROSS_ENTROPY_BACKWARD}: dloss must be a scalar, got [${dloss.shape}]`);
    const [dz, at] = output(p.shape);
    exports.cross_entropy_backward(address(p), address(targets), address(dloss), at, rows, vocab);
    return dz;
  },
  ['targets'],
);

export const crossEntropyKernelConfigs = [crossEntropyConfig, crossEntropyBackwardConfig];
