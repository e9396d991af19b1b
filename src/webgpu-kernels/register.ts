/**
 * Registers toyscale's WGSL kernels with tfjs's webgpu backend (idempotent); called when a model is
 * built on webgpu. Also pins tfjs's matmul to its packed program: its split-K variant (chosen for
 * small outputs with a long inner axis, such as a weight gradient) adds with atomics, in no fixed
 * order across workgroups, and needs a fill dispatch before each product.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamwKernelConfigs } from './adamw.ts';
import { attentionKernelConfigs } from './attention.ts';
import { crossEntropyKernelConfigs } from './cross-entropy.ts';
import { instrumentDispatches } from './dispatch-count.ts';
import { elementwiseKernelConfigs } from './elementwise.ts';
import { embeddingKernelConfigs } from './embedding.ts';
import { layerNormKernelConfigs } from './layer-norm.ts';

/** MatMulProgramType.MatMulPackedProgram in tfjs-backend-webgpu 4.22 (webgpu_util.ts). */
const MATMUL_PACKED_PROGRAM = 3;

let registered = false;

export function registerWebGpuKernels(): void {
  tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', MATMUL_PACKED_PROGRAM);
  if (tf.getBackend() === 'webgpu') instrumentDispatches();
  if (registered) return;
  const configs = [...adamwKernelConfigs, ...layerNormKernelConfigs, ...elementwiseKernelConfigs, ...crossEntropyKernelConfigs, ...attentionKernelConfigs, ...embeddingKernelConfigs];
  for (const config of configs) tf.registerKernel(config);
  registered = true;
}
