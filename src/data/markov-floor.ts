/**
 * The lowest held-out loss a sequence model can reach on a Markov chain when it is scored in
 * windows, as toyscale scores it: each held-out window of T tokens predicts its T targets, and the
 * target at position i sees only the i + 1 tokens before it in the window. With the chain's full
 * order k in view the best loss is the entropy rate H; the first k − 1 targets of each window see
 * fewer tokens, and the best any model does there is the conditional entropy H_j given the j
 * tokens it sees. So the floor is
 *   (H_1 + … + H_{k−1} + (T − k + 1)·H) / T,
 * above H by (H_j − H)/T summed over the short positions: for 16 tokens, order 2 and T = 64,
 * 1.2034 against H = 1.1821. H_j comes from the chain's stationary distribution over contexts,
 * found by power iteration (exact to 1e-13). A chain on which the iteration does not settle gets
 * no floor: a periodic one, or a deterministic one (branching 1) whose distribution keeps cycling,
 * where a π cut off at the last iteration would give a floor that is simply wrong.
 */
import type { MarkovChain } from './markov.ts';

/** Chains with more contexts than this get no floor: the stationary distribution would be too large to compute here. */
const MAX_CONTEXTS = 1 << 20;
const MAX_ITERATIONS = 10_000;
const TOLERANCE = 1e-13;

/** The window floor in nats per token, or null when the chain has too many contexts or its stationary distribution does not settle. */
export function windowEntropyFloor(chain: MarkovChain, contextLength: number): number | null {
  const { order } = chain.params;
  const short = Math.min(order - 1, contextLength);
  if (short === 0) return chain.entropyRate;
  if (chain.contexts > MAX_CONTEXTS) return null;
  // Each context's successors, drawn once: every power-iteration step and every H_j reads them.
  const successors = Array.from({ length: chain.contexts }, (_, ctx) => chain.successors(ctx));
  const pi = stationary(chain, successors);
  if (!pi) return null;
  let sum = 0;
  for (let j = 1; j <= short; j++) sum += conditionalEntropy(chain, successors, pi, j);
  return (sum + (contextLength - short) * chain.entropyRate) / contextLength;
}

/** The stationary distribution over the chain's contexts (the last k tokens), or null when the iteration does not converge. */
function stationary(chain: MarkovChain, successors: readonly Int32Array[]): Float64Array | null {
  const { vocabSize, order } = chain.params;
  const drop = vocabSize ** (order - 1);
  let pi = new Float64Array(chain.contexts).fill(1 / chain.contexts);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const next = new Float64Array(chain.contexts);
    for (let ctx = 0; ctx < chain.contexts; ctx++) {
      if (pi[ctx] === 0) continue;
      const shifted = (ctx % drop) * vocabSize;
      successors[ctx].forEach((token, rank) => (next[shifted + token] += pi[ctx] * chain.probs[rank]));
    }
    let change = 0;
    for (let i = 0; i < pi.length; i++) change += Math.abs(next[i] - pi[i]);
    pi = next;
    if (change < TOLERANCE) return pi;
  }
  return null;
}

/** H(X_t | the j tokens before it), under the stationary distribution. */
function conditionalEntropy(chain: MarkovChain, successors: readonly Int32Array[], pi: Float64Array, j: number): number {
  const { vocabSize } = chain.params;
  const recent = vocabSize ** j;
  // joint[s·V + c] = P(last j tokens = s, next = c); marginal[s] = P(last j tokens = s)
  const joint = new Float64Array(recent * vocabSize);
  const marginal = new Float64Array(recent);
  for (let ctx = 0; ctx < chain.contexts; ctx++) {
    if (pi[ctx] === 0) continue;
    const s = ctx % recent;
    marginal[s] += pi[ctx];
    successors[ctx].forEach((token, rank) => (joint[s * vocabSize + token] += pi[ctx] * chain.probs[rank]));
  }
  let h = 0;
  for (let s = 0; s < recent; s++) {
    for (let c = 0; c < vocabSize; c++) {
      const p = joint[s * vocabSize + c];
      if (p > 0) h -= p * Math.log(p / marginal[s]);
    }
  }
  return h;
}
