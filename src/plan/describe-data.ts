/** What the planner needs from a dataset: its vocabulary, or its regression input/output sizes. */
import type { Dataset } from '../data/types.ts';
import type { TrainSettings } from '../spec/spec.ts';
import type { DataShape } from './plan.ts';

export function dataShapeOf(data: Dataset): DataShape {
  return data.kind === 'sequence'
    ? { kind: 'sequence', vocabSize: data.vocabSize }
    : { kind: 'regression', inputDim: data.inputDim, outputDim: data.outputDim };
}

/**
 * Takes the held-out batches once, as every worker will: a held-out split (or evalTokens) smaller
 * than one batch fails here, at plan time, with the dataset's own DataError, not in every worker.
 */
export function checkHeldOut(data: Dataset, train: TrainSettings): void {
  if (data.kind === 'sequence') data.heldOutBatches(train.batchSize, train.contextLength, train.evalTokens);
  else data.heldOutBatches(train.batchSize, train.evalTokens);
}
