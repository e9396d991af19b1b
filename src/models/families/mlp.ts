/** The MLP family: depth hidden layers of one width (../mlp.ts) on a regression task; its N counts every parameter. */
import { z } from 'zod';
import { mlpCounts } from '../counts.ts';
import type { ModelFamily } from '../family.ts';
import type { FamilySpec } from '../family-registry.ts';
import { solveMlpShape } from '../shape-solver.ts';
import type { MlpShape, ModelShape } from '../shapes.ts';

/** The spec's `family` block for an MLP. */
export const mlpFamilySchema = z.strictObject({
  kind: z.literal('mlp'),
  depth: z.number().int().positive().default(2),
});

function mlp(shape: ModelShape): MlpShape {
  if (shape.family !== 'mlp') throw new Error(`the mlp family was given a ${shape.family} shape`);
  return shape;
}

export const mlpFamily: ModelFamily = {
  kind: 'mlp',
  data: 'regression',
  tasks: 'a regression task (teacher-student or sparse-parity)',
  solve(spec: FamilySpec, targetN, data) {
    if (spec.kind !== 'mlp' || data.kind !== 'regression') throw new Error(`the mlp family was given a ${spec.kind} spec on ${data.kind} data`);
    return solveMlpShape(targetN, data.inputDim, data.outputDim, spec.depth);
  },
  counts: (shape) => mlpCounts(mlp(shape)),
  tokensPerStep: (_shape, batchSize) => batchSize,
  activationBytes(shape, batchSize) {
    const m = mlp(shape);
    return 4 * 4 * batchSize * m.width * m.depth;
  },
  describe(shape) {
    const m = mlp(shape);
    return `${m.depth}×${m.width}`;
  },
  columns(shape) {
    const m = mlp(shape);
    return { width: m.width, depth: m.depth };
  },
};
