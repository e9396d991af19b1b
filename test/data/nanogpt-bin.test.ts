import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.ts';
import { SCAN_TOKENS, openBin } from '../../src/data/nanogpt-bin.ts';
import type { SequenceData } from '../../src/data/types.ts';

/** uint16 little-endian, as nanoGPT's prepare.py writes with np.uint16 on x86. */
function bin(ids: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(ids.length * 2);
  for (let i = 0; i < ids.length; i++) {
    out[2 * i] = ids[i] & 0xff;
    out[2 * i + 1] = ids[i] >>> 8;
  }
  return out;
}

describe('nanoGPT .bin folders', () => {
  let root: string;
  const folder = (name: string, train?: Uint8Array, val?: Uint8Array) => {
    const dir = join(root, name);
    mkdirSync(dir);
    if (train) writeFileSync(join(dir, 'train.bin'), train);
    if (val) writeFileSync(join(dir, 'val.bin'), val);
    return dir;
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'toyscale-bin-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads windows of little-endian uint16 ids: train from train.bin, held-out from val.bin', async () => {
    const vocab = 50257; // GPT-2: ids above 255 exercise the high byte
    const train = Array.from({ length: 5000 }, (_, i) => (i * 37) % vocab);
    const val = Array.from({ length: 300 }, (_, i) => vocab - 1 - i);
    const data = (await loadDataset({ kind: 'nanogpt-bin', dir: folder('ok', bin(train), bin(val)), vocabSize: vocab })) as SequenceData;
    expect(data.trainTokens).toBe(5000);
    expect(data.heldOutTokens).toBe(300);
    expect(data.unigramEntropy).toBeCloseTo(Math.log(5000), 6); // all ids distinct
    const { x, y } = data.trainBatch(seedrandom('bin'), 4, 16);
    const start = train.indexOf(x[0]);
    expect(Array.from(x.subarray(0, 16))).toEqual(train.slice(start, start + 16));
    expect(Array.from(y.subarray(0, 16))).toEqual(train.slice(start + 1, start + 17));
    const held = data.heldOutBatches(2, 10, 1000);
    expect(Array.from(held[0].x.subarray(0, 10))).toEqual(val.slice(0, 10));
    expect(data.heldOutBatches(2, 10, 1000)).toEqual(held);
  });

  it('names a missing train.bin or val.bin, and an odd-sized file', async () => {
    const ids = bin([1, 2, 3, 4]);
    await expect(loadDataset({ kind: 'nanogpt-bin', dir: folder('noval', ids), vocabSize: 10 })).rejects.toThrow(/noval\/val\.bin: missing/);
    await expect(loadDataset({ kind: 'nanogpt-bin', dir: folder('notrain', undefined, ids), vocabSize: 10 })).rejects.toThrow(/notrain\/train\.bin: missing/);
    await expect(loadDataset({ kind: 'nanogpt-bin', dir: folder('odd', ids.subarray(0, 7), ids), vocabSize: 10 })).rejects.toThrow(
      /odd\/train\.bin: 7 bytes is not a whole number of uint16 tokens/,
    );
  });

  it('rejects ids at or above vocabSize, naming file, position and id', async () => {
    const dir = folder('badid', bin([1, 2, 3, 9, 4]), bin([1, 2, 3]));
    await expect(loadDataset({ kind: 'nanogpt-bin', dir, vocabSize: 9 })).rejects.toThrow(/badid\/train\.bin: token 3 has id 9, not below vocabSize 9/);
  });

  it('a large file is sampled at load, and every window read is still checked', () => {
    const n = SCAN_TOKENS * 2;
    const ids = new Uint16Array(n).fill(1);
    const bad = Math.floor(n / 2) + 12345; // between the scanned chunks
    ids[bad] = 500;
    const dir = folder('big');
    const path = join(dir, 'train.bin');
    writeFileSync(path, bin(ids));
    const store = openBin(path, 100);
    const counts = new Float64Array(100);
    store.scan(counts);
    expect(counts[1]).toBe(SCAN_TOKENS - (SCAN_TOKENS % 64)); // 64 whole chunks were read, first and last included
    const out = new Int32Array(10);
    expect(() => store.read(bad - 5, 10, out, 0)).toThrow(new RegExp(`token ${bad} has id 500`));
  });
});
