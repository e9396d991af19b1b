/**
 * A tiny integer hash (murmur3's 32-bit finalizer), for structures that must be a pure function of
 * their coordinates: the successors of a Markov context, the noise of teacher–student example i.
 * Computing them on demand is what lets a 1024^4-context chain or a 10^9-example dataset exist
 * without being stored, while staying identical across machines.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a key (below 2^32) and an index below 2^53, split into 32-bit halves: hot, so no rest args. */
export function hash2(key: number, index: number): number {
  let h = fmix32(0x9e3779b9 ^ key);
  h = fmix32(h ^ (index >>> 0));
  return fmix32(h ^ Math.floor(index / 0x100000000));
}

/** Hash of a key and three more integers (the first below 2^53, the others below 2^32). */
export function hash4(key: number, a: number, b: number, c: number): number {
  return fmix32(fmix32(hash2(key, a) ^ b) + c);
}
