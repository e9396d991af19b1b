/**
 * Token plus position embeddings. Tokens: a gather (cpu), or a one-hot matmul where gather's
 * gradient (UnsortedSegmentSum) sums with atomics in no fixed order (webgpu), which would make a
 * run's last bits vary from one run to the next. wasm has one kernel for tokens and positions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EMBED, EMBED_BACKWARD } from '../wasm-kernels/embedding.ts';
import { withGrad } from './custom-grad.ts';
import { floatOneHot } from './one-hot.ts';
import type { Ops } from './ops.ts';
import { runWasmKernel } from './wasm-kernels.ts';
import { EMBED as WEBGPU_EMBED, EMBED_BACKWARD as WEBGPU_EMBED_BACKWARD } from '../webgpu-kernels/embedding.ts';
import { runWebGpuKernel } from './webgpu-kernels.ts';

type T1 = tf.Tensor1D;
type T2 = tf.Tensor2D;

export function gatherEmbed(ids: T1, wte: T2): T2 {
  return tf.gather(wte, ids);
}

/** onehot(ids)·wte, its gradient onehot(ids)ᵀ·dy, on the op set's own matmuls. */
export function oneHotEmbedWith(matMul: (a: T2, b: T2) => T2, matMulAT: (a: T2, b: T2) => T2): (ids: T1, wte: T2) => T2 {
  return (ids, wte) => {
    const op = withGrad<[T2], T2, T2[]>(([wte], save) => {
      const oneHot = floatOneHot(ids, wte.shape[0]);
      save([oneHot]);
      return { value: matMul(oneHot, wte), gradFunc: (dy, [oneHot]) => [matMulAT(oneHot, dy)] };
    });
    return op(wte);
  };
}

/** Tokens embedded by `embedTokens`, plus positions added by broadcast (wpe sliced to T rows). */
export function withPositions(embedTokens: (ids: T1, wte: T2) => T2): Ops['embed'] {
  return (ids, wte, wpe, time) => {
    const d = wte.shape[1];
    const positions = time === wpe.shape[0] ? wpe : tf.slice(wpe, [0, 0], [time, d]);
    return tf.reshape(tf.add(tf.reshape(embedTokens(ids, wte), [-1, time, d]), positions), [-1, d]) as T2;
  };
}

/**
 * wasm: one kernel forward (a row copy plus position) and one backward (a scatter and a batch sum),
 * bit for bit what withPositions(oneHotEmbedWith(...)) gives there for finite values
 * (test/wasm-kernels/embedding.test.ts), in 2 kernels instead of 9.
 */
export const wasmEmbed: Ops['embed'] = (ids, wte, wpe, time) => {
  const op = withGrad<[T2, T2], T2, [T1]>(([wte, wpe], save) => {
    const [out] = runWasmKernel(EMBED, { ids, wte, wpe }, { time });
    save([ids]); // kept for the backward pass, which may outlive the scope that made ids
    const shapes = { time, vocab: wte.shape[0], positions: wpe.shape[0] };
    return { value: out as T2, gradFunc: (dy, [ids]) => runWasmKernel(EMBED_BACKWARD, { ids, dy }, shapes) };
  });
  return op(wte, wpe);
};

/**
 * webgpu: one WGSL dispatch forward (a row copy plus position) and one backward (sums in row order,
 * no atomics), for vocabularies up to WEBGPU_EMBED_MAX_VOCAB. The backward pass scans every id for
 * each element of dwte, V·B·T·d steps: as many as the one-hot matmul's multiply-adds, without its
 * tiling, so large vocabularies keep the matmul.
 */
export const WEBGPU_EMBED_MAX_VOCAB = 4096;

export const webgpuEmbed: Ops['embed'] = (ids, wte, wpe, time) => {
  const op = withGrad<[T2, T2], T2, [T1]>(([wte, wpe], save) => {
    const [out] = runWebGpuKernel(WEBGPU_EMBED, { ids, wte, wpe }, { time });
    save([ids]);
    const shapes = { time, vocab: wte.shape[0], positions: wpe.shape[0] };
    return { value: out as T2, gradFunc: (dy, [ids]) => runWebGpuKernel(WEBGPU_EMBED_BACKWARD, { ids, dy }, shapes) };
  });
  return op(wte, wpe);
};
