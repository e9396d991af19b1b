import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.ts';
import { sequenceData } from '../../src/data/sequence.ts';
import { splitTail } from '../../src/data/split.ts';
import { arrayStore } from '../../src/data/token-store.ts';
import { textSequenceData } from '../../src/data/text-data.ts';

/** Tokens that are their own positions, so a window shows exactly which part of the data it read. */
function positional(n: number, heldOutFraction: number) {
  const ids = Uint32Array.from({ length: n }, (_, i) => i);
  const { train, heldOut } = splitTail(ids, heldOutFraction, 'positional');
  return {
    cut: train.length,
    data: sequenceData({ name: 'positional', vocabSize: n, train: arrayStore(train), heldOut: arrayStore(heldOut), unigramEntropy: 0 }),
  };
}

describe('splits', () => {
  it('hold out the last fraction, contiguously', () => {
    const { train, heldOut } = splitTail(Uint8Array.from({ length: 1000 }, (_, i) => i % 256), 0.05, 'x');
    expect(train.length).toBe(950);
    expect(heldOut.length).toBe(50);
    expect(heldOut[0]).toBe(950 % 256);
  });

  it('train windows never read a held-out token and held-out windows never read a train token', () => {
    const { cut, data } = positional(5000, 0.1);
    const rng = seedrandom('overlap');
    let maxTrain = 0;
    for (let k = 0; k < 200; k++) {
      const { x, y } = data.trainBatch(rng, 32, 16);
      for (const v of [...x, ...y]) maxTrain = Math.max(maxTrain, v);
    }
    expect(maxTrain).toBe(cut - 1); // the sampler does reach the last train token, and no further
    for (const { x, y } of data.heldOutBatches(4, 16, 1e9)) {
      for (const v of [...x, ...y]) expect(v).toBeGreaterThanOrEqual(cut);
    }
  });

  it('no held-out window equals a train window of real text at the boundary', () => {
    const text = 'the quick brown fox jumps over the lazy dog. '.repeat(3) + 'pack my box with five dozen liquor jugs!';
    const data = textSequenceData('boundary', text, 'char', 0.2); // held-out: inside the unique last sentence
    const T = 8;
    const trainWindows = new Set<string>();
    const rng = seedrandom('b');
    for (let k = 0; k < 400; k++) {
      const { y } = data.trainBatch(rng, 8, T);
      for (let r = 0; r < 8; r++) trainWindows.add(y.subarray(r * T, r * T + T).join());
    }
    for (const { y } of data.heldOutBatches(1, T, 1e9)) expect(trainWindows.has(y.join())).toBe(false);
  });
});

describe('batches', () => {
  it('y is x shifted by one token', () => {
    const { data } = positional(1000, 0.1);
    const { x, y } = data.trainBatch(seedrandom('shift'), 8, 10);
    for (let r = 0; r < 8; r++) {
      for (let t = 0; t < 10; t++) expect(y[r * 10 + t]).toBe(x[r * 10 + t] + 1);
    }
  });

  it('are the same for the same seed and differ for another', () => {
    const { data } = positional(10_000, 0.1);
    const a = data.trainBatch(seedrandom('7'), 16, 32);
    const b = data.trainBatch(seedrandom('7'), 16, 32);
    const c = data.trainBatch(seedrandom('8'), 16, 32);
    expect(b).toEqual(a);
    expect(c.x).not.toEqual(a.x);
  });

  it('held-out batches are the first non-overlapping windows, full batches, the same every call', () => {
    const { cut, data } = positional(1000, 0.2); // 200 held-out tokens
    const batches = data.heldOutBatches(3, 10, 1e9); // 19 windows fit → 6 full batches
    expect(batches).toHaveLength(6);
    expect(batches[0].x[0]).toBe(cut);
    expect(batches[1].x[0]).toBe(cut + 30);
    expect(batches[5].y[29]).toBe(cut + 180);
    expect(data.heldOutBatches(3, 10, 1e9)).toEqual(batches);
    expect(data.heldOutBatches(3, 10, 60)).toHaveLength(2); // maxTokens caps the targets
  });

  it('a window or batch larger than the split is a DataError naming the dataset', () => {
    const { data } = positional(100, 0.2);
    expect(() => data.trainBatch(seedrandom('x'), 1, 80)).toThrow(/positional: train split has 80 tokens/);
    expect(() => data.heldOutBatches(4, 10, 1e9)).toThrow(DataError);
    expect(() => data.heldOutBatches(1, 10, 5)).toThrow(/maxTokens is 5/);
    expect(() => data.trainBatch(seedrandom('x'), 0, 8)).toThrow(/positive integers/);
    expect(() => splitTail(new Uint8Array(10), 0.05, 'tiny.txt')).toThrow(/tiny.txt: 10 tokens are too few/);
  });
});
