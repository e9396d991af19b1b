import type { TokenArray } from './tokenize.ts';

/** Entropy in nats of the distribution given by non-negative counts. */
export function entropyOfCounts(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total === 0) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) h -= (c / total) * Math.log(c / total);
  }
  return h;
}

/** Unigram entropy (nats/token) of a token array: the loss of a model that knows only frequencies. */
export function unigramEntropy(ids: TokenArray, vocabSize: number): number {
  const counts = new Float64Array(vocabSize);
  for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
  return entropyOfCounts(counts);
}
