/**
 * Fused elementwise kernels (kernels.c) as tfjs kernels for the wasm backend. Each replaces a chain
 * of tfjs kernels, every one a full pass over memory plus tfjs's per-kernel overhead: the causal
 * softmax replaces mask-add and softmax; its backward, 4 kernels; GELU 6 forward and 8 backward;
 * LayerNorm 9 forward and 14 backward; AdamW 13 a tensor; a column sum, 2. None has a gradient: the ops in
 * src/ops call them inside their own forward and backward passes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel } from './module.ts';

const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);
const lastAxis = (t: tf.TensorInfo) => t.shape[t.shape.length - 1];

/*
 * The causal softmax and its backward do not run in training: attention calls the same C functions
 * inside its fused kernels (attention.ts). They stay registered as the unfused chain that
 * test/helpers/unfused-attention.ts builds, which the fused kernels must match bit for bit.
 */

/** Softmax over the last axis of scores [.., T, T] under a causal mask; the input is the raw scores. */
export const SOFTMAX_CAUSAL = 'ToyscaleSoftmaxCausal';
export const softmaxCausalConfig = wasmKernel(SOFTMAX_CAUSAL, ['x'], ({ exports, address, output, constants }, { x }) => {
  const T = lastAxis(x);
  if (x.shape.length < 2 || x.shape[x.shape.length - 2] !== T) throw new Error(`${SOFTMAX_CAUSAL}: want scores [.., T, T], got [${x.shape}]`);
  const [out, at] = output(x.shape);
  exports.softmax_causal(address(x), at, size(x) / T, T, constants);
  return out;
});

/** dx = p ⊙ (dp − Σ dp ⊙ p) along the last axis. */
export const SOFTMAX_BACKWARD = 'ToyscaleSoftmaxBackward';
export const softmaxBackwardConfig = wasmKernel(SOFTMAX_BACKWARD, ['p', 'dp'], ({ exports, address, output }, { p, dp }) => {
  if (!tf.util.arraysEqual(p.shape, dp.shape)) throw new Error(`${SOFTMAX_BACKWARD}: p [${p.shape}] and dp [${dp.shape}] differ`);
  const T = lastAxis(p);
  const [dx, at] = output(p.shape);
  exports.softmax_backward(address(p), address(dp), at, size(p) / T, T);
  return dx;
});

/** GELU (tanh form): outputs y and s = σ(u), which the backward pass needs. */
export const GELU = 'ToyscaleGelu';
export const geluConfig = wasmKernel(GELU, ['x'], ({ exports, address, output, constants }, { x }) => {
  const [y, yAt] = output(x.shape);
  const [s, sAt] = output(x.shape);
  exports.gelu_forward(address(x), yAt, sAt, size(x), constants);
  return [y, s];
});

export const GELU_BACKWARD = 'ToyscaleGeluBackward';
export const geluBackwardConfig = wasmKernel(GELU_BACKWARD, ['x', 's', 'dy'], ({ exports, address, output }, { x, s, dy }) => {
  const [dx, at] = output(x.shape);
  exports.gelu_backward(address(x), address(s), address(dy), at, size(x));
  return dx;
});

/** LayerNorm over the last axis (a multiple of 4): outputs y, x̂ and rstd [rows]. */
export const LAYER_NORM = 'ToyscaleLayerNorm';
export const layerNormConfig = wasmKernel(LAYER_NORM, ['x', 'gain', 'bias'], ({ exports, address, output }, { x, gain, bias }, { eps }) => {
  const d = lastAxis(x);
  if (d % 4 !== 0 || size(gain) !== d || size(bias) !== d) throw new Error(`${LAYER_NORM}: want rows of a multiple of 4 and gain, bias of that length; got [${x.shape}], [${gain.shape}], [${bias.shape}]`);
  const rows = size(x) / d;
  const [y, yAt] = output(x.shape);
  const [xhat, xhatAt] = output(x.shape);
  const [rstd, rstdAt] = output([rows]);
  exports.layer_norm_forward(address(x), address(gain), address(bias), yAt, xhatAt, rstdAt, rows, d, eps);
  return [y, xhat, rstd];
});

/** Outputs dx, dgain and dbias. */
export const LAYER_NORM_BACKWARD = 'ToyscaleLayerNormBackward';
export const layerNormBackwardConfig = wasmKernel(LAYER_NORM_BACKWARD, ['dy', 'xhat', 'rstd', 'gain'], ({ exports, address, output }, { dy, xhat, rstd, gain }) => {
  const d = lastAxis(dy);
  const [dx, dxAt] = output(dy.shape);
  const [dgain, dgainAt] = output([d]);
  const [dbias, dbiasAt] = output([d]);
  exports.layer_norm_backward(address(dy), address(xhat), address(rstd), address(gain), dxAt, dgainAt, dbiasAt, size(dy) / d, d);
  return [dx, dgain, dbias];
});

/** Column sums of a matrix [rows, cols] (cols a multiple of 4): a dense layer's bias gradient. */
export const COLUMN_SUM = 'ToyscaleColumnSum';
export const columnSumConfig = wasmKernel(COLUMN_SUM, ['x'], ({ exports, address, output }, { x }) => {
  const [rows, cols] = x.shape;
  if (x.shape.length !== 2 || cols % 4 !== 0) throw new Error(`${COLUMN_SUM}: want a matrix with a multiple of 4 columns, got [${x.shape}]`);
  const [out, at] = output([cols]);
  exports.column_sum(address(x), at, rows, cols);
  return out;
});

/** The global L2 norm of any number of tensors (inputs named g0, g1, ...), as a scalar. */
export const GLOBAL_NORM = 'ToyscaleGlobalNorm';
export const globalNormConfig = wasmKernel(GLOBAL_NORM, [], ({ exports, address, output, backend }, inputs) => {
  const [norm, at] = output([]);
  const heap = () => new Float32Array((backend.wasm as unknown as { HEAPF32: Float32Array }).HEAPF32.buffer, at, 1);
  heap()[0] = 0;
  for (const g of Object.values(inputs)) exports.sum_squares(address(g), size(g), at);
  // Read back through a fresh view: the memory may not have grown, but a view must never be stale.
  const view = heap();
  view[0] = Math.sqrt(view[0]);
  return norm;
});

/**
 * One AdamW step for one tensor, to fresh outputs p', m', v'; the clip scale clip / max(norm, clip)
 * is read from the `norm` input, so no value crosses to JavaScript.
 */
export const ADAMW = 'ToyscaleAdamW';
export const adamWConfig = wasmKernel(ADAMW, ['p', 'g', 'm', 'v', 'norm'], ({ exports, address, output }, { p, g, m, v, norm }, a) => {
  const [pOut, pAt] = output(p.shape);
  const [mOut, mAt] = output(p.shape);
  const [vOut, vAt] = output(p.shape);
  exports.adamw(address(p), address(g), address(m), address(v), pAt, mAt, vAt, size(p), address(norm), a.clip, a.beta1, a.beta2, a.step, a.epsHat, a.decay);
  return [pOut, mOut, vOut];
});

export const fusedKernelConfigs = [
  softmaxCausalConfig, softmaxBackwardConfig, geluConfig, geluBackwardConfig,
  layerNormConfig, layerNormBackwardConfig, columnSumConfig, globalNormConfig, adamWConfig,
];
