/**
 * The op set of webgpu: tfjs's own kernels as on cpu, with two changes. Embeddings are one-hot
 * matmuls, because gather's gradient (UnsortedSegmentSum) adds with atomics in no fixed order, so
 * two runs of one seed would differ in their last bits. addN takes at most 7 inputs: WebGPU's
 * default limit is 8 storage buffers per shader stage, output included.
 */
import { tfjsAdamwUpdate } from './adamw-update.ts';
import { oneHotEmbedWith, withPositions } from './embedding.ts';
import type { Ops } from './ops.ts';
import { tfjsOps } from './tfjs-ops.ts';

export const WEBGPU_MAX_ADDN_INPUTS = 7;

export const webgpuOps: Ops = {
  ...tfjsOps,
  name: 'webgpu',
  embed: withPositions(oneHotEmbedWith(tfjsOps.matMul, tfjsOps.matMulAT)),
  adamwUpdate: tfjsAdamwUpdate(WEBGPU_MAX_ADDN_INPUTS),
};
