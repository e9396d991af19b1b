import { describe, expect, it } from 'vitest';
import { batchMeansStandardError } from '../../src/train/train-run.ts';

describe('the evaluation\'s standard error', () => {
  it('is the sd of the batch losses over sqrt(batches); none for one batch', () => {
    expect(batchMeansStandardError([2, 2, 2, 2])).toBe(0);
    // sd of [1, 2, 3, 4] (n - 1) = 1.29099; / sqrt(4) = 0.645497
    expect(batchMeansStandardError([1, 2, 3, 4])).toBeCloseTo(0.645497, 6);
    expect(batchMeansStandardError([2.5])).toBeNull();
  });
});
