/**
 * The SequenceData the trainer sees, built from a train store and a held-out store.
 *
 * Train batches are windows at uniformly random starts in the train split only: a window reads
 * context + 1 tokens, x = tokens[i, i+T) and y = tokens[i+1, i+T+1), so even the last target lies
 * inside the split. Held-out batches are the first non-overlapping windows of the held-out split
 * (targets of window k are held-out tokens k·T+1 .. k·T+T), in full batches only, so every call gets
 * the same data and every batch has the same shape.
 */
import { DataError } from './errors.ts';
import type { TokenStore } from './token-store.ts';
import type { Rng, SequenceBatch, SequenceData } from './types.ts';

export interface SequenceParts {
  name: string;
  vocabSize: number;
  train: TokenStore;
  heldOut: TokenStore;
  unigramEntropy: number;
  trueEntropyRate?: number;
}

export function sequenceData(parts: SequenceParts): SequenceData {
  const { name, train, heldOut } = parts;
  return {
    kind: 'sequence',
    name,
    vocabSize: parts.vocabSize,
    trainTokens: train.length,
    heldOutTokens: heldOut.length,
    unigramEntropy: parts.unigramEntropy,
    ...(parts.trueEntropyRate === undefined ? {} : { trueEntropyRate: parts.trueEntropyRate }),

    trainBatch(rng: Rng, batch: number, context: number): SequenceBatch {
      checkShape(name, batch, context);
      const starts = train.length - context; // valid starts are 0 .. length - context - 1
      if (starts < 1) {
        throw new DataError(`${name}: train split has ${train.length} tokens, fewer than one window of context ${context} + 1`);
      }
      return windows(train, batch, context, () => Math.floor(rng() * starts));
    },

    heldOutBatches(batch: number, context: number, maxTokens: number): SequenceBatch[] {
      checkShape(name, batch, context);
      const available = Math.floor((heldOut.length - 1) / context);
      const wanted = Math.floor(maxTokens / context);
      const nBatches = Math.floor(Math.min(available, wanted) / batch);
      if (nBatches < 1) {
        const need = batch * context;
        const what = available < wanted ? `held-out split has ${heldOut.length} tokens` : `maxTokens is ${maxTokens}`;
        throw new DataError(`${name}: ${what}, fewer than one batch of ${batch} windows × ${context} tokens (${need} targets)`);
      }
      const out: SequenceBatch[] = [];
      let k = 0;
      for (let b = 0; b < nBatches; b++) out.push(windows(heldOut, batch, context, () => context * k++));
      return out;
    },
  };
}

function windows(store: TokenStore, batch: number, context: number, nextStart: () => number): SequenceBatch {
  const x = new Int32Array(batch * context);
  const y = new Int32Array(batch * context);
  const buf = new Int32Array(context + 1);
  for (let row = 0; row < batch; row++) {
    store.read(nextStart(), context + 1, buf, 0);
    x.set(buf.subarray(0, context), row * context);
    y.set(buf.subarray(1), row * context);
  }
  return { x, y };
}

function checkShape(name: string, batch: number, context: number): void {
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(context) || context < 1) {
    throw new DataError(`${name}: batch and context must be positive integers (got ${batch}, ${context})`);
  }
}
