import { tfjsOps } from '../../src/ops/tfjs-ops.ts';
import { describe, expect, it, beforeAll } from 'vitest';
import { gptCounts, mlpCounts } from '../../src/models/counts.ts';
import { createGpt } from '../../src/models/gpt.ts';
import { countParams, disposeParams } from '../helpers/params.ts';
import { createMlp } from '../../src/models/mlp.ts';
import { solveGptShape, solveMlpShape } from '../../src/models/shape-solver.ts';
import type { GptShape } from '../../src/models/shapes.ts';
import { useBackend } from '../helpers/backend.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const EMBEDDING_NAMES = new Set(['wte', 'wpe', 'head.w']);

describe('parameter counts match the variables the models create', () => {
  const shapes: GptShape[] = [
    { family: 'gpt', vocabSize: 65, contextLength: 64, nLayer: 2, dModel: 64, nHead: 4, tiedEmbedding: true },
    { family: 'gpt', vocabSize: 256, contextLength: 32, nLayer: 3, dModel: 48, nHead: 3, tiedEmbedding: false },
  ];
  for (const shape of shapes) {
    it(`gpt L${shape.nLayer} d${shape.dModel} tied=${shape.tiedEmbedding}`, () => {
      const model = createGpt(shape, 0, tfjsOps);
      const counts = gptCounts(shape);
      expect(countParams(model.params)).toBe(counts.nParams);
      const nonembed = Object.entries(model.params)
        .filter(([name]) => !EMBEDDING_NAMES.has(name))
        .reduce((sum, [, v]) => sum + v.size, 0);
      expect(nonembed).toBe(counts.nNonembed);
      // Kaplan's approximation N ≈ 12·L·d² holds to within the bias and LayerNorm terms.
      expect(counts.nNonembed / (12 * shape.nLayer * shape.dModel ** 2)).toBeCloseTo(1, 1);
      disposeParams(model.params);
      model.mask.dispose();
    });
  }

  it('mlp', () => {
    const shape = { family: 'mlp' as const, inputDim: 16, width: 40, depth: 3, outputDim: 2 };
    const model = createMlp(shape, 0, tfjsOps);
    expect(countParams(model.params)).toBe(mlpCounts(shape).nParams);
    disposeParams(model.params);
  });
});

describe('FLOP counts', () => {
  it('counted FLOPs exceed 6N by the attention and embedding terms', () => {
    const shape: GptShape = { family: 'gpt', vocabSize: 65, contextLength: 64, nLayer: 2, dModel: 64, nHead: 4, tiedEmbedding: true };
    const c = gptCounts(shape);
    expect(c.flopsPerToken6N).toBe(6 * c.nNonembed);
    // By hand: forward = 2Vd (embed) + L(6d² + 4Td + 3HT + 2d² + 16d²) + 2dV, training = 3× forward.
    const d = 64, T = 64, V = 65, H = 4, L = 2;
    expect(c.flopsPerTokenCounted).toBe(3 * (2 * V * d + L * (6 * d * d + 4 * T * d + 3 * H * T + 2 * d * d + 16 * d * d) + 2 * d * V));
  });
});

describe('shape solver', () => {
  it('reaches the target N within the granularity of d_model and keeps the aspect rule', () => {
    for (const target of [5e3, 3e4, 1e5, 1e6, 1e7]) {
      const shape = solveGptShape(target, 100, 64, { aspectRatio: 32, headDim: 16, tiedEmbedding: true });
      const reached = gptCounts(shape).nNonembed;
      expect(Math.abs(Math.log(reached / target))).toBeLessThan(0.45);
      expect(shape.dModel % 16).toBe(0);
      expect(shape.nHead * 16).toBe(shape.dModel);
    }
    const big = solveGptShape(1e7, 100, 64, { aspectRatio: 32, headDim: 16, tiedEmbedding: true });
    expect(big.dModel / big.nLayer).toBeGreaterThan(16);
    expect(big.dModel / big.nLayer).toBeLessThan(64);
  });

  it('grows monotonically with the target', () => {
    let last = 0;
    for (const target of [1e4, 2e4, 4e4, 8e4, 1.6e5, 3.2e5]) {
      const n = gptCounts(solveGptShape(target, 100, 64, { aspectRatio: 32, headDim: 16, tiedEmbedding: true })).nNonembed;
      expect(n).toBeGreaterThanOrEqual(last);
      last = n;
    }
    expect(mlpCounts(solveMlpShape(5000, 16, 1, 2)).nParams).toBeGreaterThan(4000);
  });
});
