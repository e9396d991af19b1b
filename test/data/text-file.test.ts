import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, loadDataset } from '../../src/data/load.ts';
import type { SequenceData } from '../../src/data/types.ts';

describe('user text files', () => {
  let dir: string;
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const load = (path: string, tokenizer: 'char' | 'byte' = 'char') => loadDataset({ kind: 'text', path, tokenizer, heldOutFraction: 0.1 });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'toyscale-text-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads any UTF-8 text, char or byte', async () => {
    const path = file('ok.txt', '\ufeff' + 'Grüße aus Köln. '.repeat(50));
    const char = (await load(path)) as SequenceData;
    const byte = (await load(path, 'byte')) as SequenceData;
    expect(char.vocabSize).toBe(new Set('Grüße aus Köln. ').size);
    expect(char.trainTokens + char.heldOutTokens).toBe(16 * 50); // the byte-order mark is not a token
    expect(byte.trainTokens + byte.heldOutTokens).toBe(Buffer.byteLength('Grüße aus Köln. ') * 50);
    const b = char.trainBatch(seedrandom('t'), 2, 8);
    expect(b.x).toHaveLength(16);
  });

  it('rejects an empty or whitespace-only file, naming it', async () => {
    await expect(load(file('empty.txt', ''))).rejects.toThrow(/empty\.txt: text file is empty/);
    await expect(load(file('blank.txt', ' \n\t\n'))).rejects.toThrow(DataError);
  });

  it('rejects binary and invalid UTF-8, naming the file and offset', async () => {
    await expect(load(file('img.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])))).rejects.toThrow(/img\.png: looks binary \(NUL byte at offset 4\)/);
    await expect(load(file('latin1.txt', Buffer.concat([Buffer.from('abcdef'), Uint8Array.from([0xe9]), Buffer.from('xyz')])))).rejects.toThrow(
      /latin1\.txt: not valid UTF-8 \(bad byte 0xe9 at offset 6\)/,
    );
  });

  it('rejects a missing file and a split larger than the data', async () => {
    await expect(load(join(dir, 'nope.txt'))).rejects.toThrow(/nope\.txt: cannot read text file \(ENOENT\)/);
    await expect(load(file('tiny.txt', 'abc'))).rejects.toThrow(/tiny\.txt: 3 tokens are too few/);
    const small = (await load(file('small.txt', 'abcdefghij'.repeat(5)))) as SequenceData;
    expect(() => small.heldOutBatches(1, 4, 100)).not.toThrow(); // 5 held-out tokens: one window of 4 + 1
    expect(() => small.heldOutBatches(2, 4, 100)).toThrow(/small\.txt: held-out split has 5 tokens/);
  });
});
