/**
 * The op choices that differ between backends, in one small switch; the model code is otherwise
 * the same everywhere. Picked once per process from the backend in use.
 */
import { registerWasmKernels } from '../wasm-kernels/register.ts';

export interface OpChoices {
  /** Token lookup: a gather, or a one-hot matmul where gather has no gradient kernel (wasm). */
  embedding: 'gather' | 'onehot';
  /**
   * 'native' (cpu, tensorflow, tensorflow-gpu): tfjs's matMul, batched matMul for attention.
   * 'strided' (wasm): the strided kernel of src/wasm-kernels, which reads transposed operands and
   * attention heads in place; tfjs's wasm BatchMatMul is fast only untransposed with batch 1.
   */
  matmul: 'native' | 'strided';
}

export function opChoicesFor(backend: { name: string; embedding: 'gather' | 'onehot' }): OpChoices {
  if (backend.name !== 'wasm') return { embedding: backend.embedding, matmul: 'native' };
  registerWasmKernels();
  return { embedding: backend.embedding, matmul: 'strided' };
}

export type MatMulChoice = OpChoices['matmul'];
