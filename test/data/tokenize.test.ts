import { describe, expect, it } from 'vitest';
import { entropyOfCounts, unigramEntropy } from '../../src/data/entropy.ts';
import { tokenize } from '../../src/data/tokenize.ts';

describe('tokenize', () => {
  it('char: vocab is the sorted set of code points, stable for the text', () => {
    const t = tokenize('banana', 'char');
    expect(t.vocab).toEqual(['a', 'b', 'n']);
    expect(Array.from(t.ids)).toEqual([1, 0, 2, 0, 2, 0]);
    expect(t.ids).toBeInstanceOf(Uint8Array);
  });

  it('char: non-ASCII and astral characters are one token each', () => {
    const t = tokenize('é😀é a', 'char');
    expect(t.vocab).toEqual([' ', 'a', 'é', '😀']);
    expect(Array.from(t.ids)).toEqual([2, 3, 2, 0, 1]);
  });

  it('char: a vocab above 256 uses 16-bit ids', () => {
    const text = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const t = tokenize(text, 'char');
    expect(t.vocabSize).toBe(300);
    expect(t.ids).toBeInstanceOf(Uint16Array);
    expect(t.ids[299]).toBe(299);
  });

  it('byte: UTF-8 bytes with a fixed vocab of 256', () => {
    const t = tokenize('aé', 'byte');
    expect(t.vocabSize).toBe(256);
    expect(Array.from(t.ids)).toEqual([0x61, 0xc3, 0xa9]);
  });
});

describe('entropy', () => {
  it('is log(k) for k equally frequent tokens and 0 for one token', () => {
    expect(entropyOfCounts([5, 5, 5, 5])).toBeCloseTo(Math.log(4), 12);
    expect(entropyOfCounts([0, 7, 0])).toBe(0);
    expect(unigramEntropy(Uint8Array.from([0, 1, 0, 1]), 4)).toBeCloseTo(Math.log(2), 12);
  });
});
