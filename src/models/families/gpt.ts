/**
 * The GPT family: a decoder-only transformer (../gpt.ts) on a token task. Its N is Kaplan's
 * non-embedding N; its shape follows N at a fixed depth or at an aspect ratio (../shape-solver.ts).
 */
import { z } from 'zod';
import { gptCounts } from '../counts.ts';
import type { ModelFamily } from '../family.ts';
import type { FamilySpec } from '../family-registry.ts';
import { solveGptShape } from '../shape-solver.ts';
import type { GptShape, ModelShape } from '../shapes.ts';

const positiveInt = z.number().int().positive();

/** The spec's `family` block for a GPT. */
export const gptFamilySchema = z.strictObject({
  kind: z.literal('gpt'),
  /**
   * Fixed depth: every size has this many layers and width alone varies with N, so an exponent
   * measures width, not a switch between depths. Without it, depth grows with N at `aspectRatio`.
   */
  nLayer: positiveInt.max(64).optional(),
  /** Shape rule: d_model / n_layer is held near this ratio (see src/models/shape-solver.ts); a list is an axis. Not used with nLayer. */
  aspectRatio: z.union([z.number().positive(), z.array(z.number().positive()).min(1)]).default(32),
  headDim: positiveInt.default(16),
  tiedEmbedding: z.boolean().default(true),
});

function gpt(shape: ModelShape): GptShape {
  if (shape.family !== 'gpt') throw new Error(`the gpt family was given a ${shape.family} shape`);
  return shape;
}

export const gptFamily: ModelFamily = {
  kind: 'gpt',
  data: 'sequence',
  tasks: 'a token task (brown, text, nanogpt-bin or markov)',
  solve(spec: FamilySpec, targetN, data, setting) {
    if (spec.kind !== 'gpt' || data.kind !== 'sequence') throw new Error(`the gpt family was given a ${spec.kind} spec on ${data.kind} data`);
    return solveGptShape(targetN, data.vocabSize, setting.contextLength, { ...spec, aspectRatio: setting.aspectRatio ?? 32 });
  },
  counts: (shape) => gptCounts(gpt(shape)),
  tokensPerStep: (shape, batchSize) => batchSize * gpt(shape).contextLength,
  activationBytes(shape, batchSize) {
    const m = gpt(shape);
    const T = m.contextLength;
    const perLayer = 2 * T * batchSize * m.dModel * (34 + (5 * m.nHead * T) / m.dModel);
    const logits = 3 * 4 * batchSize * T * m.vocabSize;
    return m.nLayer * perLayer + logits;
  },
  describe(shape) {
    const m = gpt(shape);
    return `L${m.nLayer} d${m.dModel} h${m.nHead}`;
  },
  columns(shape) {
    const m = gpt(shape);
    return { context_length: m.contextLength, n_layer: m.nLayer, d_model: m.dModel, n_head: m.nHead };
  },
};
