/**
 * Contiguous train/held-out split: the LAST heldOutFraction of the tokens is held out, the rest is
 * train. One boundary, no shuffling, so no held-out token ever appears in a train window.
 * (For Brown, whose files are in genre order a..r, this means the held-out text is the last genres:
 * mostly humour and romance fiction. Keeping it contiguous avoids leaking text across the boundary
 * at the price of a small genre shift; the same held-out text is used by every run.)
 */
import { DataError } from './errors.ts';
import type { TokenArray } from './tokenize.ts';

export interface Split {
  train: TokenArray;
  heldOut: TokenArray;
}

export function splitTail(ids: TokenArray, heldOutFraction: number, source: string): Split {
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
    throw new DataError(`${source}: heldOutFraction must be between 0 and 1 (got ${heldOutFraction})`);
  }
  const heldOut = Math.round(ids.length * heldOutFraction);
  const cut = ids.length - heldOut;
  // Two tokens is the least that makes one (x, y) pair on each side.
  if (heldOut < 2 || cut < 2) {
    throw new DataError(
      `${source}: ${ids.length} tokens are too few to split ${heldOutFraction} off as held-out (need at least 2 tokens on each side)`,
    );
  }
  return { train: ids.subarray(0, cut), heldOut: ids.subarray(cut) };
}
