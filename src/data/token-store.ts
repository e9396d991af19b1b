/**
 * Where a split's tokens live: in memory (text, Markov) or in a file read on demand (nanoGPT .bin).
 * The sequence dataset only needs a length and a way to copy a window out.
 */
import type { TokenArray } from './tokenize.ts';

export interface TokenStore {
  readonly length: number;
  /** Copies tokens [start, start + count) into out[outOffset..]. */
  read(start: number, count: number, out: Int32Array, outOffset: number): void;
}

export function arrayStore(ids: TokenArray): TokenStore {
  return {
    length: ids.length,
    read(start, count, out, outOffset) {
      out.set(ids.subarray(start, start + count), outOffset);
    },
  };
}
