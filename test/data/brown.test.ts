import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brownDir, brownFiles, buildBrownText, loadBrownText } from '../../src/data/brown.ts';
import { loadDataset } from '../../src/data/load.ts';
import { cachedText, readCachedText, writeCachedText } from '../../src/data/text-cache.ts';
import type { SequenceData } from '../../src/data/types.ts';

describe('Brown corpus', () => {
  let text: string;
  beforeAll(() => {
    text = loadBrownText().text;
  });

  it('has the 500 corpus files and about a million words of running text', () => {
    expect(brownFiles(brownDir())).toHaveLength(500);
    const words = text.split(/\s+/).filter(Boolean).length;
    expect(words).toBeGreaterThan(950_000);
    expect(words).toBeLessThan(1_100_000);
    expect(text.length).toBeGreaterThan(5_500_000);
    expect(text.length).toBeLessThan(6_500_000);
  });

  it('has no POS-tag remnants', () => {
    // The tagged corpus has ~a million of these; the one left is real text ("material/hr./*0F./in.").
    expect(text.match(/\/(nn|np|at|in|vb|jj|cc|rb|cd)\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(text).not.toMatch(/-(tl|hl)\b/);
    expect(text).not.toContain('``');
    expect(text).not.toContain("''");
    expect(text).not.toMatch(/[ \t]{2}|\t/);
    expect(text.startsWith('The Fulton County Grand Jury said Friday')).toBe(true);
  });

  it('is the same as a fresh strip of the files (the cache is faithful)', () => {
    const dir = brownDir();
    expect(buildBrownText(dir, brownFiles(dir))).toBe(text);
  });

  it('char and byte datasets: stable vocab, tail split, same unigram entropy on ASCII', async () => {
    const char = (await loadDataset({ kind: 'brown', tokenizer: 'char', heldOutFraction: 0.05 })) as SequenceData;
    const byte = (await loadDataset({ kind: 'brown', tokenizer: 'byte', heldOutFraction: 0.05 })) as SequenceData;
    expect(char.vocabSize).toBe(new Set(text).size);
    expect(char.vocabSize).toBeGreaterThan(70);
    expect(char.vocabSize).toBeLessThan(100);
    expect(byte.vocabSize).toBe(256);
    expect(char.trainTokens + char.heldOutTokens).toBe(text.length);
    expect(char.heldOutTokens).toBe(Math.round(text.length * 0.05));
    expect(byte.trainTokens).toBe(char.trainTokens); // the corpus is ASCII: one byte per char
    expect(char.unigramEntropy).toBeGreaterThan(2.8);
    expect(char.unigramEntropy).toBeLessThan(3.3);
    expect(byte.unigramEntropy).toBeCloseTo(char.unigramEntropy, 10);
    const batch = char.trainBatch(seedrandom('s'), 4, 32);
    for (const id of batch.x) expect(id).toBeLessThan(char.vocabSize);
  });
});

describe('text cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'toyscale-cache-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips, and rebuilds when the file is missing, truncated or altered', () => {
    const path = join(dir, 'sub', 'c.txt');
    let builds = 0;
    const build = () => (builds++, 'héllo\nworld');
    expect(cachedText(path, build)).toEqual({ text: 'héllo\nworld', fromCache: false });
    expect(cachedText(path, build)).toEqual({ text: 'héllo\nworld', fromCache: true });
    const raw = readFileSync(path, 'utf8');
    writeFileSync(path, raw.slice(0, -2));
    expect(readCachedText(path)).toBeUndefined();
    expect(cachedText(path, build).fromCache).toBe(false);
    writeFileSync(path, raw.replace('world', 'w0rld'));
    expect(readCachedText(path)).toBeUndefined();
    writeFileSync(path, 'garbage');
    expect(cachedText(path, build)).toEqual({ text: 'héllo\nworld', fromCache: false });
    expect(builds).toBe(3);
  });

  it('reports failure to write instead of throwing', () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    expect(writeCachedText(join(blocker, 'c.txt'), 'text')).toBe(false);
  });
});
