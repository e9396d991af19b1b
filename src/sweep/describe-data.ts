/** What the planner needs from a dataset: its vocabulary, or its regression input/output sizes. */
import type { Dataset } from '../data/types.ts';
import type { DataShape } from './plan.ts';

export function dataShapeOf(data: Dataset): DataShape {
  return data.kind === 'sequence'
    ? { kind: 'sequence', vocabSize: data.vocabSize }
    : { kind: 'regression', inputDim: data.inputDim, outputDim: data.outputDim };
}
