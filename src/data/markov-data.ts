/** The Markov task as SequenceData: one sample, train tokens first, held-out tokens right after. */
import { unigramEntropy } from './entropy.ts';
import { MarkovChain, type MarkovParams, sampleMarkovTokens } from './markov.ts';
import { sequenceData } from './sequence.ts';
import { arrayStore } from './token-store.ts';
import type { SequenceData } from './types.ts';

export interface MarkovTaskParams extends MarkovParams {
  trainTokens: number;
  heldOutTokens: number;
}

export function markovData(p: MarkovTaskParams): SequenceData {
  const chain = new MarkovChain(p);
  const ids = sampleMarkovTokens(chain, p.trainTokens + p.heldOutTokens);
  const train = ids.subarray(0, p.trainTokens);
  return sequenceData({
    name: `markov-v${p.vocabSize}-k${p.order}-b${p.branching}-z${p.zipfExponent}-s${p.chainSeed}`,
    vocabSize: p.vocabSize,
    train: arrayStore(train),
    heldOut: arrayStore(ids.subarray(p.trainTokens)),
    unigramEntropy: unigramEntropy(train, p.vocabSize),
    trueEntropyRate: chain.entropyRate,
  });
}
