/**
 * What the trainer sees of a dataset. Every source in src/data/ returns one of these two shapes,
 * already split into train and held-out parts that never overlap.
 */

/** Anything that draws uniform numbers in [0, 1): a seedrandom PRNG. */
export type Rng = () => number;

export interface SequenceBatch {
  /** Input token ids, row-major [batch, context]. */
  x: Int32Array;
  /** Next-token targets, row-major [batch, context]. */
  y: Int32Array;
}

export interface SequenceData {
  kind: 'sequence';
  /** Human-readable name, e.g. "brown-char". */
  name: string;
  vocabSize: number;
  /** Unique tokens in the train split: D above this means repeated data (epochs > 1). */
  trainTokens: number;
  heldOutTokens: number;
  /** Entropy of the train split's unigram distribution, in nats/token: the loss of a model that learned nothing but frequencies. */
  unigramEntropy: number;
  /** Exact entropy rate in nats/token when the source is synthetic and it is known (the true irreducible loss). */
  trueEntropyRate?: number;
  /** A batch of random windows from the train split. Deterministic given the rng state. */
  trainBatch(rng: Rng, batch: number, context: number): SequenceBatch;
  /**
   * The first windows of the held-out split, the same for every caller: at most maxTokens target tokens.
   * Full batches only (every batch has `batch` rows); a DataError when not even one batch fits.
   */
  heldOutBatches(batch: number, context: number, maxTokens: number): SequenceBatch[];
}

export interface RegressionBatch {
  /** Inputs, row-major [batch, inputDim]. */
  x: Float32Array;
  /** Targets, row-major [batch, outputDim]. */
  y: Float32Array;
}

export interface RegressionData {
  kind: 'regression';
  name: string;
  inputDim: number;
  outputDim: number;
  /** Unique train examples; D above this means repeated data. */
  trainExamples: number;
  heldOutExamples: number;
  /** Known irreducible loss (mean squared error of the true function on noisy labels), when known. */
  noiseFloor?: number;
  trainBatch(rng: Rng, batch: number): RegressionBatch;
  /** The first held-out examples, full batches only, at most maxExamples; a DataError when not even one batch fits. */
  heldOutBatches(batch: number, maxExamples: number): RegressionBatch[];
}

export type Dataset = SequenceData | RegressionData;
