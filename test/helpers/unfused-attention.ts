/**
 * Attention on wasm as it ran before src/wasm-kernels/attention.ts fused it: every step one tfjs
 * kernel over all B x H heads (q times its scale, q·kᵀ, the causal softmax, p·v; six more backward).
 * The fused kernels must give these bits exactly (test/wasm-kernels/attention.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { withGrad } from '../../src/ops/custom-grad.ts';
import type { AttentionShape } from '../../src/ops/ops.ts';
import { runWasmKernel, stridedMatMul } from '../../src/ops/wasm-kernels.ts';
import { SOFTMAX_BACKWARD, SOFTMAX_CAUSAL } from '../../src/wasm-kernels/fused.ts';

type T2 = tf.Tensor2D;

/**
 * wasm's strided kernel reads each head straight out of the [B·T, d] rows, so neither the forward
 * nor the backward pass moves a single element into a head-major layout. Head h of sequence b is
 * the [T, hd] block at row b·T, column h·hd (strides: outer T·d, inner hd, row d, column 1); scores
 * and probabilities are [B, H, T, T].
 */
export function unfusedAttention(q: T2, k: T2, v: T2, { batch: B, time: T, heads: H }: AttentionShape): T2 {
  const d = q.shape[1];
  const hd = d / H;
  const scale = 1 / Math.sqrt(hd);
  const rows = [T * d, hd, d, 1] as const; // a head's [T, hd] block of a [B·T, d] tensor
  const rowsT = [T * d, hd, 1, d] as const; // the same block read transposed, [hd, T]
  const square = [H * T * T, T * T, T, 1] as const; // [T, T] of [B, H, T, T]
  const squareT = [H * T * T, T * T, 1, T] as const;
  // x·yᵀ per head: [T, hd]·[hd, T] → [B, H, T, T]; only entries on and below the diagonal are used.
  const headsByHeadsT = (x: tf.Tensor, y: tf.Tensor) =>
    stridedMatMul(x, y, { dims: [B, H, T, T, hd], a: [...rows], b: [...rowsT], c: [H * T * T, T * T, T], outShape: [B, H, T, T], causal: 'output' });
  // p·y per head (pᵀ·y when transposed) for a causal p, zero above its diagonal: [T, T]·[T, hd] → [B·T, d].
  const squareByHeads = (p: tf.Tensor, y: tf.Tensor, transposed: boolean) =>
    stridedMatMul(p, y, {
      dims: [B, H, T, hd, T],
      a: transposed ? [...squareT] : [...square],
      b: [...rows],
      c: [T * d, hd, d],
      outShape: [B * T, d],
      causal: transposed ? 'a-upper' : 'a-lower',
    }) as T2;

  const op = withGrad<[T2, T2, T2], T2, tf.Tensor[]>(([q, k, v], save) => {
    const qs = tf.mul(q, scale) as T2;
    // The mask is causal by construction (createGpt), so the kernel applies it as it normalises.
    const [probs] = runWasmKernel(SOFTMAX_CAUSAL, { x: headsByHeadsT(qs, k) });
    save([qs, k, v, probs]);
    return {
      value: squareByHeads(probs, v, false),
      gradFunc: (dOut, [qs, k, v, probs]) => {
        const dProbs = headsByHeadsT(dOut, v);
        // Softmax backward: dS = P ⊙ (dP − Σ_s dP ⊙ P).
        const [dScores] = runWasmKernel(SOFTMAX_BACKWARD, { p: probs, dp: dProbs });
        const dq = tf.mul(squareByHeads(dScores, k, false), scale) as T2;
        return [dq, squareByHeads(dScores, qs, true), squareByHeads(probs, dOut, true)];
      },
    };
  });
  return op(q, k, v);
}

