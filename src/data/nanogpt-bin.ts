/**
 * nanoGPT token files: <dir>/train.bin and <dir>/val.bin, little-endian uint16 token ids, as written
 * by nanoGPT's prepare.py (OpenWebText is ~17 GB). They are never loaded whole: each window is read
 * with fs.readSync at its offset (a few small reads per batch; the OS page cache does the rest).
 *
 * Validation trade-off: checking every id of a multi-GB file would cost a full read at every start
 * of every run. Instead every window read is checked as it is read (so a bad id can never reach the
 * model), and at load a bounded sample is scanned: the whole file when it is small, else
 * SCAN_CHUNKS evenly spaced chunks totalling SCAN_TOKENS, which catches a wrong vocab size or a
 * wrong dtype (uint32 or big-endian files look like huge ids) before training starts. The unigram
 * entropy of a large train.bin is estimated from the same sample.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { entropyOfCounts } from './entropy.ts';
import { DataError } from './errors.ts';
import { sequenceData } from './sequence.ts';
import type { TokenStore } from './token-store.ts';
import type { SequenceData } from './types.ts';

export const SCAN_TOKENS = 1 << 22;
export const SCAN_CHUNKS = 64;

export interface BinStore extends TokenStore {
  readonly path: string;
  /** Reads a bounded sample of the file, validating ids; adds them to counts. */
  scan(counts: Float64Array): void;
}

export function loadNanoGptBin(dir: string, vocabSize: number): SequenceData {
  if (vocabSize > 0x10000) throw new DataError(`${dir}: vocabSize ${vocabSize} does not fit uint16 token ids (max 65536)`);
  const train = openBin(join(dir, 'train.bin'), vocabSize);
  const heldOut = openBin(join(dir, 'val.bin'), vocabSize);
  const counts = new Float64Array(vocabSize);
  train.scan(counts);
  heldOut.scan(new Float64Array(vocabSize));
  return sequenceData({ name: `nanogpt-bin:${dir}`, vocabSize, train, heldOut, unigramEntropy: entropyOfCounts(counts) });
}

/** Opens a .bin for windowed reads. The descriptor stays open for the life of the process. */
export function openBin(path: string, vocabSize: number): BinStore {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `${path}: missing (a nanoGPT folder needs train.bin and val.bin: token ids as little-endian uint16, as nanoGPT's data/*/prepare.py writes them with np.array(ids, dtype=np.uint16).tofile(...))` : `${path}: cannot open (${code ?? String(err)})`);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new DataError(`${path}: not a file`);
  }
  if (stat.size % 2 !== 0) {
    closeSync(fd);
    throw new DataError(`${path}: ${stat.size} bytes is not a whole number of uint16 tokens`);
  }
  const length = stat.size / 2;
  if (length < 2) {
    closeSync(fd);
    throw new DataError(`${path}: has ${length} tokens, too few to make one (input, target) pair`);
  }
  let scratch = new Uint8Array(0);

  /** Reads tokens [start, start+count) into out, checking each id; returns nothing, throws on bad data. */
  function readInto(start: number, count: number, out: Int32Array | Float64Array, outOffset: number, countInto: boolean): void {
    if (start < 0 || start + count > length) throw new DataError(`${path}: read of tokens ${start}..${start + count} is outside its ${length} tokens`);
    const bytes = count * 2;
    if (scratch.length < bytes) scratch = new Uint8Array(bytes);
    const got = readSync(fd, scratch, 0, bytes, start * 2);
    if (got !== bytes) throw new DataError(`${path}: short read at token ${start} (file changed while in use?)`);
    for (let i = 0; i < count; i++) {
      const id = scratch[2 * i] | (scratch[2 * i + 1] << 8);
      if (id >= vocabSize) {
        throw new DataError(`${path}: token ${start + i} has id ${id}, not below vocabSize ${vocabSize} (wrong vocabSize, or not little-endian uint16?)`);
      }
      if (countInto) out[id]++;
      else out[outOffset + i] = id;
    }
  }

  return {
    path,
    length,
    read(start, count, out, outOffset) {
      readInto(start, count, out, outOffset, false);
    },
    scan(counts) {
      if (length <= SCAN_TOKENS) {
        for (let s = 0; s < length; s += 1 << 16) readInto(s, Math.min(1 << 16, length - s), counts, 0, true);
        return;
      }
      const chunk = Math.floor(SCAN_TOKENS / SCAN_CHUNKS);
      // Chunk k starts at k/(SCAN_CHUNKS-1) of the way through: the first and last tokens are always read.
      for (let k = 0; k < SCAN_CHUNKS; k++) {
        const start = Math.round(((length - chunk) * k) / (SCAN_CHUNKS - 1));
        readInto(start, chunk, counts, 0, true);
      }
    },
  };
}
