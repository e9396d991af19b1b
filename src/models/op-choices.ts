/**
 * The op choices that differ between backends, in one small switch; the model code is otherwise
 * the same everywhere. Picked once per process from the backend in use.
 */

export interface OpChoices {
  /** Token lookup: a gather, or a one-hot matmul where gather has no gradient kernel (wasm). */
  embedding: 'gather' | 'onehot';
  /**
   * 'xnnpack' (wasm): its BatchMatMul reaches XNNPACK only for an untransposed matmul with batch 1;
   * anything else falls back to a naive loop about 13× slower, so transposes are made explicit and
   * per-head attention runs as a depthwise convolution (also XNNPACK). 'native' (cpu, tensorflow,
   * tensorflow-gpu): transposed and batched matmuls are native, and explicit transposes cost more.
   */
  matmul: 'native' | 'xnnpack';
}

export function opChoicesFor(backend: { name: string; embedding: 'gather' | 'onehot' }): OpChoices {
  return { embedding: backend.embedding, matmul: backend.name === 'wasm' ? 'xnnpack' : 'native' };
}

export type MatMulChoice = OpChoices['matmul'];
