/**
 * Picks a model shape that reaches a target parameter count.
 *
 * GPT rule: a fixed `nLayer` (width alone follows N), or d_model / n_layer kept near `aspectRatio`
 * (Kaplan et al. 2020 found loss depends only weakly on shape at fixed N, at far larger N than
 * toyscale's): n_layer = round((N / (12·r²))^(1/3)) (at least 1). Then the d_model, a multiple of
 * headDim, whose non-embedding count is closest to N in log space. The N actually reached is reported.
 */
import { gptNonembedParams, mlpParams } from './counts.ts';
import type { GptShape, MlpShape } from './shapes.ts';

export interface GptShapeRule {
  /** Every size at this depth; absent: depth from aspectRatio. */
  nLayer?: number;
  aspectRatio: number;
  headDim: number;
  tiedEmbedding: boolean;
}

export function solveGptShape(targetNonembed: number, vocabSize: number, contextLength: number, rule: GptShapeRule): GptShape {
  const nLayer = rule.nLayer ?? Math.max(1, Math.round(Math.cbrt(targetNonembed / (12 * rule.aspectRatio ** 2))));
  const dModel = closestInLog(targetNonembed, (k) => gptNonembedParams(nLayer, k * rule.headDim)) * rule.headDim;
  return {
    family: 'gpt',
    vocabSize,
    contextLength,
    nLayer,
    dModel,
    nHead: dModel / rule.headDim,
    tiedEmbedding: rule.tiedEmbedding,
  };
}

export function solveMlpShape(targetParams: number, inputDim: number, outputDim: number, depth: number): MlpShape {
  const width = closestInLog(targetParams, (w) => mlpParams(inputDim, w, depth, outputDim));
  return { family: 'mlp', inputDim, width, depth, outputDim };
}

/** The integer k ≥ 1 whose count(k) is closest to target in log space; count must increase with k. */
function closestInLog(target: number, count: (k: number) => number): number {
  // The first k with count(k + 1) ≥ target, by doubling then bisection: a linear scan takes
  // ~N/17 steps for a depth-1 MLP, which never ends at N = 1e12.
  const short = (j: number) => count(j + 1) < target;
  let k = 1;
  if (short(1)) {
    let lo = 1;
    while (short(k)) [lo, k] = [k, k * 2];
    while (k - lo > 1) {
      const mid = Math.floor((lo + k) / 2);
      if (short(mid)) lo = mid;
      else k = mid;
    }
  }
  const below = Math.abs(Math.log(count(k) / target));
  const above = Math.abs(Math.log(count(k + 1) / target));
  return above < below ? k + 1 : k;
}
