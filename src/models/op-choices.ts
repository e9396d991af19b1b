/**
 * The op choices that differ between backends, in one small switch; the model code is otherwise
 * the same everywhere. Picked once per process from the backend in use.
 */
import { registerWasmKernels } from '../wasm-kernels/register.ts';

export interface OpChoices {
  /** Token lookup: a gather, or a one-hot matmul where gather has no gradient kernel (wasm). */
  embedding: 'gather' | 'onehot';
  /**
   * Which kernels the hand-written ops run on. 'tfjs' (cpu, tensorflow, tensorflow-gpu): tfjs's
   * own, whose matMul takes transpose flags and batches natively. 'wasm': toyscale's kernels
   * (src/wasm-kernels): tfjs's wasm BatchMatMul is fast only untransposed with batch 1, and its
   * elementwise kernels cost a full pass and tfjs's overhead each, so matmuls read operands through
   * strides and GELU, LayerNorm, the causal softmax and AdamW are one fused pass each.
   */
  kernels: 'tfjs' | 'wasm';
}

export function opChoicesFor(backend: { name: string; embedding: 'gather' | 'onehot' }): OpChoices {
  if (backend.name !== 'wasm') return { embedding: backend.embedding, kernels: 'tfjs' };
  registerWasmKernels();
  return { embedding: backend.embedding, kernels: 'wasm' };
}

export type KernelChoice = OpChoices['kernels'];
