/**
 * Exact parameter and FLOP counts. Tests check the parameter counts against the variables the
 * models actually create, so the N that goes into a fit is the N that was trained.
 */
import type { GptShape, MlpShape } from './shapes.ts';

export interface ModelCounts {
  /** Every trainable parameter. */
  nParams: number;
  /** Kaplan et al.'s N: all parameters except token and position embeddings (and an untied unembedding). */
  nNonembed: number;
  /** 6·N per token (or example), with N = nNonembed: Kaplan's C ≈ 6ND. */
  flopsPerToken6N: number;
  /** Counted training FLOPs per token: forward + backward (3× forward), attention included (Hoffmann et al. 2022, app. F). */
  flopsPerTokenCounted: number;
}

/** Per transformer block: attention qkv + proj (4d² + 4d), MLP (8d² + 5d), two LayerNorms (4d). */
export function gptBlockParams(d: number): number {
  return 12 * d * d + 13 * d;
}

export function gptNonembedParams(nLayer: number, dModel: number): number {
  return nLayer * gptBlockParams(dModel) + 2 * dModel; // + final LayerNorm
}

export function gptCounts(shape: GptShape): ModelCounts {
  const { vocabSize: V, contextLength: T, nLayer: L, dModel: d, nHead: H } = shape;
  const nNonembed = gptNonembedParams(L, d);
  const embeddings = V * d + T * d + (shape.tiedEmbedding ? 0 : d * V);
  // Forward FLOPs per token, following Hoffmann et al. 2022 appendix F (full T for attention, as
  // the paper counts it, though the causal mask leaves half of it unused).
  const perLayer = 2 * 3 * d * d + 2 * T * d + 3 * H * T + 2 * T * d + 2 * d * d + 2 * 2 * d * 4 * d;
  const forward = 2 * V * d + L * perLayer + 2 * d * V;
  return {
    nParams: nNonembed + embeddings,
    nNonembed,
    flopsPerToken6N: 6 * nNonembed,
    flopsPerTokenCounted: 3 * forward,
  };
}

export function mlpParams(inputDim: number, width: number, depth: number, outputDim: number): number {
  return (inputDim + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * outputDim;
}

export function mlpCounts(shape: MlpShape): ModelCounts {
  const n = mlpParams(shape.inputDim, shape.width, shape.depth, shape.outputDim);
  // A dense layer costs 2 FLOPs per weight forward and twice that backward; biases are negligible.
  const weights = shape.inputDim * shape.width + (shape.depth - 1) * shape.width * shape.width + shape.width * shape.outputDim;
  return { nParams: n, nNonembed: n, flopsPerToken6N: 6 * n, flopsPerTokenCounted: 6 * weights };
}
