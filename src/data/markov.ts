/**
 * A synthetic language whose entropy rate is known exactly: a sparse order-k Markov chain over a
 * vocab of V tokens. Each context (the last k tokens) has `branching` distinct successor tokens,
 * chosen by a hash of (chainSeed, context), with Zipf weights p_j ∝ (j+1)^-zipfExponent by rank j.
 *
 * Why the entropy rate is exact: the rate of a stationary order-k chain is Σ_c π(c) H(next | c).
 * Every context here has the same successor weights (only the successor tokens differ), so
 * H(next | c) is the same H_zipf for every c and the rate is H_zipf whatever π is. That holds for
 * every size the spec allows (1024^4 contexts too, where π could not even be stored), and even
 * along a non-stationary sample: each token's expected surprisal given its context is H_zipf.
 * The tests check this against a power-iterated π on a small chain and against long samples.
 */
import seedrandom from 'seedrandom';
import { DataError } from './errors.ts';
import { hash4 } from './hash.ts';
import { type TokenArray, tokenArrayFor } from './tokenize.ts';

/** Largest successor table kept in memory (16 MiB of Int32): 32^4 contexts × 4 fit, 1024^3 do not. */
const TABLE_LIMIT = 1 << 22;

export interface MarkovParams {
  vocabSize: number;
  order: number;
  branching: number;
  zipfExponent: number;
  chainSeed: number;
}

export class MarkovChain {
  readonly params: MarkovParams;
  /** Successor probabilities by rank, summing to 1. */
  readonly probs: Float64Array;
  /** Exact entropy rate in nats/token. */
  readonly entropyRate: number;
  readonly contexts: number;
  private readonly cumulative: Float64Array;
  private readonly seedKey: number;
  /** Successors of every context, filled on first use, when the table is small enough (else recomputed). */
  private readonly table?: Int32Array;
  private readonly scratch: Int32Array;

  constructor(params: MarkovParams) {
    const { vocabSize, order, branching, zipfExponent } = params;
    if (branching > vocabSize) throw new DataError(`markov: branching ${branching} exceeds vocabSize ${vocabSize} (successors must be distinct tokens)`);
    this.params = params;
    this.contexts = vocabSize ** order;
    if (this.contexts > Number.MAX_SAFE_INTEGER) throw new DataError(`markov: vocabSize^order is too large`);
    const weights = Float64Array.from({ length: branching }, (_, j) => (j + 1) ** -zipfExponent);
    const total = weights.reduce((a, b) => a + b, 0);
    this.probs = weights.map((w) => w / total);
    this.cumulative = new Float64Array(branching);
    let acc = 0;
    this.probs.forEach((p, j) => (this.cumulative[j] = acc += p));
    this.cumulative[branching - 1] = 1; // guard against rounding leaving a gap below 1
    this.entropyRate = -this.probs.reduce((h, p) => h + p * Math.log(p), 0);
    this.seedKey = params.chainSeed >>> 0;
    this.scratch = new Int32Array(branching);
    if (this.contexts * branching <= TABLE_LIMIT) this.table = new Int32Array(this.contexts * branching).fill(-1);
  }

  /** Context index of tokens t_{-k}..t_{-1}: the oldest token is the most significant digit. */
  contextIndex(tokens: ArrayLike<number>, end: number): number {
    let c = 0;
    for (let i = end - this.params.order; i < end; i++) c = c * this.params.vocabSize + tokens[i];
    return c;
  }

  /** The distinct successor tokens of a context, in rank order (rank 0 is the most likely). */
  successors(context: number): Int32Array {
    return this.fill(context, this.params.branching).slice();
  }

  /** Successor of rank `rank`: computes ranks 0..rank only (distinctness needs the earlier ones). */
  successorAt(context: number, rank: number): number {
    return this.fill(context, rank + 1)[rank];
  }

  /** Successors of ranks 0..count-1, from the table or into the scratch array. */
  private fill(context: number, count: number): Int32Array {
    const b = this.params.branching;
    if (this.table && this.table[context * b] >= 0) return this.table.subarray(context * b, context * b + b);
    const out = this.table ? this.table.subarray(context * b, context * b + b) : this.scratch;
    const n = this.table ? b : count; // a table row is always filled whole
    for (let j = 0; j < n; j++) out[j] = this.draw(context, j, out);
    return out;
  }

  /** Rank j's token: hash (seed, context, j, attempt) until it differs from ranks 0..j-1. */
  private draw(context: number, j: number, earlier: Int32Array): number {
    for (let attempt = 0; ; attempt++) {
      const t = hash4(this.seedKey, context, j, attempt) % this.params.vocabSize;
      let repeat = false;
      for (let i = 0; i < j; i++) if (earlier[i] === t) repeat = true;
      if (!repeat) return t; // with branching ≤ vocabSize some attempt always succeeds
    }
  }

  /** p(token | context); zero for a token that is not a successor. */
  probability(context: number, token: number): number {
    const rank = this.fill(context, this.params.branching).indexOf(token);
    return rank < 0 ? 0 : this.probs[rank];
  }

  /**
   * n tokens of the chain. The k tokens of the starting context are drawn uniformly and are not
   * part of the output, so every output token follows the chain's conditional distribution.
   */
  sample(rng: () => number, n: number): TokenArray {
    const { order, vocabSize } = this.params;
    const out = tokenArrayFor(vocabSize, n);
    const window = new Int32Array(order);
    for (let i = 0; i < order; i++) window[i] = Math.floor(rng() * vocabSize);
    let context = this.contextIndex(window, order);
    const drop = vocabSize ** (order - 1); // removes the oldest digit when shifting in a token
    for (let i = 0; i < n; i++) {
      const r = rng();
      let rank = 0;
      while (r >= this.cumulative[rank]) rank++;
      const token = this.successorAt(context, rank);
      out[i] = token;
      context = (context % drop) * vocabSize + token;
    }
    return out;
  }
}

/** The token stream of a task: train first, held-out right after, from one seeded sample. */
export function sampleMarkovTokens(chain: MarkovChain, tokens: number): TokenArray {
  return chain.sample(seedrandom.alea(`toyscale-markov-sample:${chain.params.chainSeed}`), tokens);
}
