import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { entropyOfCounts } from '../../src/data/entropy.ts';
import { loadDataset } from '../../src/data/load.ts';
import { MarkovChain, type MarkovParams, sampleMarkovTokens } from '../../src/data/markov.ts';
import { windowEntropyFloor } from '../../src/data/markov-floor.ts';
import type { SequenceData } from '../../src/data/types.ts';
import { taskSchema } from '../../src/data/task.ts';

const defaults: MarkovParams = { vocabSize: 32, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234 };

describe('Markov chain of known entropy', () => {
  it('the rate is the entropy of the Zipf successor weights', () => {
    const chain = new MarkovChain(defaults);
    const w = [1, 2, 3, 4].map((j) => j ** -1.2);
    expect(chain.entropyRate).toBeCloseTo(entropyOfCounts(w), 12);
    expect(chain.entropyRate).toBeLessThan(Math.log(4));
  });

  it('equals Σ π(c) H(next | c) with π the stationary distribution found by power iteration', () => {
    const chain = new MarkovChain({ vocabSize: 6, order: 2, branching: 3, zipfExponent: 1.5, chainSeed: 7 });
    const C = chain.contexts;
    const H = new Float64Array(C);
    let pi = new Float64Array(C).fill(1 / C);
    for (let c = 0; c < C; c++) {
      const succ = chain.successors(c);
      expect(new Set(succ).size).toBe(3); // distinct successors
      H[c] = -Array.from(succ).reduce((h, t) => h + chain.probability(c, t) * Math.log(chain.probability(c, t)), 0);
    }
    // Lazy power iteration (π ← (π + πP)/2) converges even if the chain is periodic.
    for (let it = 0; it < 2000; it++) {
      const next = pi.map((p) => p / 2);
      for (let c = 0; c < C; c++) {
        for (const t of chain.successors(c)) next[(c % 6) * 6 + t] += (pi[c] * chain.probability(c, t)) / 2;
      }
      pi = next;
    }
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(pi.reduce((s, p, c) => s + p * H[c], 0)).toBeCloseTo(chain.entropyRate, 10);
  });

  it('a long sample has empirical surprisal -mean log p(x_t | context) equal to the rate', () => {
    const chain = new MarkovChain(defaults);
    const ids = sampleMarkovTokens(chain, 300_000);
    let nll = 0;
    for (let t = 2; t < ids.length; t++) nll -= Math.log(chain.probability(chain.contextIndex(ids, t), ids[t]));
    expect(Math.abs(nll / (ids.length - 2) - chain.entropyRate)).toBeLessThan(0.01);
  });

  it('a plug-in estimate from counts alone (no access to the chain) matches the rate', () => {
    const chain = new MarkovChain({ vocabSize: 8, order: 2, branching: 3, zipfExponent: 1, chainSeed: 99 });
    const ids = sampleMarkovTokens(chain, 400_000);
    const triples = new Float64Array(512);
    const pairs = new Float64Array(64);
    for (let t = 2; t < ids.length; t++) {
      triples[ids[t - 2] * 64 + ids[t - 1] * 8 + ids[t]]++;
      pairs[ids[t - 2] * 8 + ids[t - 1]]++;
    }
    // H(X_t | X_{t-2} X_{t-1}) = H(triple) - H(pair)
    expect(Math.abs(entropyOfCounts(triples) - entropyOfCounts(pairs) - chain.entropyRate)).toBeLessThan(0.01);
  });

  it('works lazily for the largest chains the spec allows (1024^4 contexts)', () => {
    const chain = new MarkovChain({ ...defaults, vocabSize: 1024, order: 4 });
    const ids = sampleMarkovTokens(chain, 20_000);
    expect(ids).toBeInstanceOf(Uint16Array);
    let nll = 0;
    for (let t = 4; t < ids.length; t++) nll -= Math.log(chain.probability(chain.contextIndex(ids, t), ids[t]));
    expect(Math.abs(nll / (ids.length - 4) - chain.entropyRate)).toBeLessThan(0.05);
  });

  it('rejects more successors than tokens', () => {
    expect(() => new MarkovChain({ ...defaults, vocabSize: 3, branching: 4 })).toThrow(/markov: branching 4 exceeds vocabSize 3/);
  });
});

describe('markov task', () => {
  const task = taskSchema.parse({ kind: 'markov', trainTokens: 50_000, heldOutTokens: 5_000 });

  it('exposes the true entropy rate and sizes, and is the same for the same chainSeed', async () => {
    const a = (await loadDataset(task)) as SequenceData;
    const b = (await loadDataset(task)) as SequenceData;
    const other = (await loadDataset({ ...task, chainSeed: 1 } as typeof task)) as SequenceData;
    expect(a.trueEntropyRate).toBeCloseTo(new MarkovChain(defaults).entropyRate, 12);
    expect(a.trainTokens).toBe(50_000);
    expect(a.heldOutTokens).toBe(5_000);
    expect(a.unigramEntropy).toBeGreaterThan(a.trueEntropyRate as number);
    expect(a.unigramEntropy).toBeLessThanOrEqual(Math.log(32));
    expect(b.trainBatch(seedrandom('1'), 8, 16)).toEqual(a.trainBatch(seedrandom('1'), 8, 16));
    expect(b.heldOutBatches(8, 16, 4096)).toEqual(a.heldOutBatches(8, 16, 4096));
    expect(other.heldOutBatches(8, 16, 4096)).not.toEqual(a.heldOutBatches(8, 16, 4096));
  });
});

describe('the lowest loss a windowed evaluation allows', () => {
  const chain = new MarkovChain({ vocabSize: 8, order: 2, branching: 3, zipfExponent: 1, chainSeed: 99 });

  it('is the rate itself for an order-1 chain: every target sees its whole context', () => {
    const first = new MarkovChain({ ...defaults, order: 1 });
    expect(windowEntropyFloor(first, 64)).toBe(first.entropyRate);
  });

  it('with one token in view, is H(X_t | X_{t-1}) of a long sample, estimated from counts alone', () => {
    const ids = sampleMarkovTokens(chain, 400_000);
    const pairs = new Float64Array(64);
    const singles = new Float64Array(8);
    for (let t = 1; t < ids.length; t++) {
      pairs[ids[t - 1] * 8 + ids[t]]++;
      singles[ids[t - 1]]++;
    }
    const h1 = windowEntropyFloor(chain, 1) as number;
    expect(Math.abs(h1 - (entropyOfCounts(pairs) - entropyOfCounts(singles)))).toBeLessThan(0.01);
    expect(h1).toBeGreaterThan(chain.entropyRate + 0.1);
  });

  it('over T targets, the first sees one token and the other T - 1 the full order: (H_1 + (T - 1)·H) / T', () => {
    const h1 = windowEntropyFloor(chain, 1) as number;
    expect(windowEntropyFloor(chain, 64)).toBeCloseTo((h1 + 63 * chain.entropyRate) / 64, 12);
    // The reference known-entropy task: 16 tokens, order 2, 64-token windows.
    const reference = new MarkovChain({ vocabSize: 16, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234 });
    expect(windowEntropyFloor(reference, 64)).toBeCloseTo(1.2034, 4);
  });

  it('is null, not a number from an unsettled π, when power iteration keeps cycling (a deterministic chain)', () => {
    const deterministic = new MarkovChain({ vocabSize: 4, order: 2, branching: 1, zipfExponent: 1, chainSeed: 0 });
    expect(windowEntropyFloor(deterministic, 64)).toBeNull();
  });

  it('an order-3 chain adds H_2 for the second target: the floors at T = 1, 2 and 64 agree', () => {
    const third = new MarkovChain({ vocabSize: 6, order: 3, branching: 3, zipfExponent: 1.2, chainSeed: 5 });
    const h1 = windowEntropyFloor(third, 1) as number;
    const h2 = 2 * (windowEntropyFloor(third, 2) as number) - h1;
    expect(h2).toBeLessThan(h1);
    expect(h2).toBeGreaterThan(third.entropyRate);
    expect(windowEntropyFloor(third, 64)).toBeCloseTo((h1 + h2 + 62 * third.entropyRate) / 64, 12);
  });
});
