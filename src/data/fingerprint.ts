/**
 * A fingerprint of a dataset, recorded with every run (runs.csv `data_hash`): two runs with the
 * same fingerprint saw the same data. It hashes the dataset's sizes and name, its held-out data
 * (the first 65,536 targets, where every run's evaluation reads) and a fixed random sample of
 * training windows (4,096 targets): a changed corpus, tokenizer, split or generator changes it.
 * Not a hash of every training token: a multi-gigabyte nanoGPT .bin would take longer to hash than
 * a small run takes to train.
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { DataError } from './errors.ts';
import type { Dataset } from './types.ts';

const HELD_OUT_TARGETS = 65_536;
const TRAIN_ROWS = 512;
const CONTEXT = 8;

export function dataFingerprint(data: Dataset): string {
  const hash = createHash('sha256');
  const rng = seedrandom('toyscale-data-fingerprint');
  const add = (array: Int32Array | Float32Array) => hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  if (data.kind === 'sequence') {
    hash.update(JSON.stringify([data.kind, data.name, data.vocabSize, data.trainTokens, data.heldOutTokens]));
    for (const b of orNone(() => data.heldOutBatches(1, CONTEXT, HELD_OUT_TARGETS))) add(b.y);
    const sample = data.trainBatch(rng, TRAIN_ROWS, CONTEXT);
    add(sample.x);
    add(sample.y);
  } else {
    hash.update(JSON.stringify([data.kind, data.name, data.inputDim, data.outputDim, data.trainExamples, data.heldOutExamples]));
    for (const b of orNone(() => data.heldOutBatches(1, HELD_OUT_TARGETS / data.outputDim))) {
      add(b.x);
      add(b.y);
    }
    const sample = data.trainBatch(rng, TRAIN_ROWS);
    add(sample.x);
    add(sample.y);
  }
  return hash.digest('hex').slice(0, 16);
}

/** A held-out split too small for even one window hashes as empty (its sizes are hashed anyway). */
function orNone<T>(take: () => T[]): T[] {
  try {
    return take();
  } catch (error) {
    if (error instanceof DataError) return [];
    throw error;
  }
}
