/** What the planner needs from a dataset: its vocabulary, or its regression input/output sizes. */
import type { Dataset } from '../data/types.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { RunConfig } from '../train/run-config.ts';
import type { DesignFacts } from './design-checks.ts';
import type { DataShape } from '../models/family.ts';

export function dataShapeOf(data: Dataset): DataShape {
  return data.kind === 'sequence'
    ? { kind: 'sequence', vocabSize: data.vocabSize }
    : { kind: 'regression', inputDim: data.inputDim, outputDim: data.outputDim };
}

/**
 * Takes the held-out batches once, as every worker will: a held-out split (or evalTokens) smaller
 * than one batch fails here, at plan time, with the dataset's own DataError, not in every worker.
 */
export function checkHeldOut(data: Dataset, train: TrainSettings): number {
  if (data.kind === 'sequence') return data.heldOutBatches(train.batchSize, train.contextLength, train.evalTokens).length * train.batchSize * train.contextLength;
  return data.heldOutBatches(train.batchSize, train.evalTokens).length * train.batchSize;
}

/** What the design checks need of the data: its unique train size, and each run's evaluation size (once per batch shape). */
export function designFactsOf(data: Dataset): DesignFacts {
  const taken = new Map<string, number>();
  return {
    trainUnique: data.kind === 'sequence' ? data.trainTokens : data.trainExamples,
    evalTaken(run: RunConfig): number {
      const key = `${run.train.batchSize}/${run.train.contextLength}/${run.train.evalTokens}`;
      const known = taken.get(key);
      if (known !== undefined) return known;
      const n = checkHeldOut(data, run.train);
      taken.set(key, n);
      return n;
    },
  };
}
