/** Registers toyscale's wasm kernels (idempotent); called when a model is built on wasm. */
import * as tf from '@tensorflow/tfjs-core';
import { attentionKernelConfigs } from './attention.ts';
import { crossEntropyKernelConfigs } from './cross-entropy.ts';
import { embeddingKernelConfigs } from './embedding.ts';
import { fusedKernelConfigs } from './fused.ts';
import { identityConfig } from './identity.ts';
import { stridedMatMulConfig } from './strided-matmul.ts';

let registered = false;

export function registerWasmKernels(): void {
  if (registered) return;
  // Identity replaces the backend's own, which must be unregistered first.
  if (tf.getKernel(identityConfig.kernelName, 'wasm')) tf.unregisterKernel(identityConfig.kernelName, 'wasm');
  for (const config of [identityConfig, stridedMatMulConfig, ...fusedKernelConfigs, ...attentionKernelConfigs, ...embeddingKernelConfigs, ...crossEntropyKernelConfigs]) tf.registerKernel(config);
  registered = true;
}
