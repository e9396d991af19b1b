/** Plain text (Brown or a user's file) to SequenceData: tokenize all of it, then split the tail off. */
import { unigramEntropy } from './entropy.ts';
import { sequenceData } from './sequence.ts';
import { splitTail } from './split.ts';
import { arrayStore } from './token-store.ts';
import { type TokenizerKind, tokenize } from './tokenize.ts';
import type { SequenceData } from './types.ts';

export function textSequenceData(name: string, text: string, tokenizer: TokenizerKind, heldOutFraction: number): SequenceData {
  const { ids, vocabSize } = tokenize(text, tokenizer);
  const { train, heldOut } = splitTail(ids, heldOutFraction, name);
  return sequenceData({
    name,
    vocabSize,
    train: arrayStore(train),
    heldOut: arrayStore(heldOut),
    unigramEntropy: unigramEntropy(train, vocabSize),
  });
}
