/**
 * Approach 2's hold-out on simulated IsoFLOP grids shaped like published ones: 10–12 budgets over
 * 3 decades of compute, 8–12 sizes each around a guess of N_opt, and each budget's own N_opt off
 * the true line by a log-normal scatter of 10–25% (as one budget's minimum scatters in public
 * grids), and 0.2% noise on each loss. The hold-out (its 99% prediction interval and the rolling
 * naive comparison together) must stay quiet on ≤ 10% of such grids, and flag a grid whose top
 * budget was generated from a different exponent.
 */
import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/fit-law.ts';
import { mulberry32, randNormal } from '../../src/fit/rng.ts';
import type { FitPoint, FitResult } from '../../src/fit/types.ts';
import { HOFFMANN, lossC3, logspace } from './synth.ts';

const A_TRUE = HOFFMANN.beta / (HOFFMANN.alpha + HOFFMANN.beta);
const G = ((HOFFMANN.alpha * HOFFMANN.A) / (HOFFMANN.beta * HOFFMANN.B)) ** (1 / (HOFFMANN.alpha + HOFFMANN.beta));
const nOpt = (C: number) => G * (C / 6) ** A_TRUE;

/**
 * One grid. Budget C's loss profile is Hoffmann's, moved along log N by its scatter (and, for the
 * top budget when `topShift` is set, by the factor a different exponent would give there), so its
 * minimum lies at nOpt(C)·e^u. Sizes span a factor 32 around a guess off by up to ±0.2 decades.
 */
function grid(seed: number, topExponentShift = 0): FitPoint[] {
  const rng = mulberry32(seed);
  const budgets = logspace(1e18, 1e21, 10 + (seed % 3));
  const scatter = 0.1 + 0.15 * rng();
  const sizes = 8 + (seed % 5);
  const out: FitPoint[] = [];
  budgets.forEach((C, j) => {
    const top = j === budgets.length - 1;
    const shift = Math.exp(scatter * randNormal(rng)) * (top ? (C / budgets[0]) ** topExponentShift : 1);
    const centre = nOpt(C) * shift * 10 ** (0.4 * (rng() - 0.5));
    for (const N of logspace(centre / Math.sqrt(32), centre * Math.sqrt(32), sizes)) {
      const M = N / shift;
      out.push({ N, D: C / (6 * N), C, budget: C, loss: lossC3(HOFFMANN, M, C / (6 * M)) * Math.exp(0.002 * randNormal(rng)) });
    }
  });
  return out;
}

const holdoutFlagged = (r: FitResult) => r.flags.some((f) => f.code.startsWith('holdout-'));

function rate(name: string, trials: number, hit: (s: number) => boolean): number {
  let k = 0;
  for (let s = 0; s < trials; s++) if (hit(s)) k++;
  const p = k / trials;
  console.log(`${name}: ${k}/${trials} = ${(100 * p).toFixed(1)}% (± ${(100 * Math.sqrt(Math.max(p * (1 - p), 1 / trials) / trials)).toFixed(1)}% s.e.)`);
  return p;
}

describe('chinchilla-2 hold-out on published-shaped IsoFLOP grids', () => {
  it('raises a false alarm on at most 10% of grids', () => {
    const by = new Map<string, number>();
    const p = rate('approach-2 hold-out false alarms', 100, (s) => {
      const r = fitLaw('chinchilla-2', grid(s + 1), { bootstrap: 200, seed: s, holdout: true });
      for (const f of r.flags) if (f.code.startsWith('holdout-')) by.set(f.code, (by.get(f.code) ?? 0) + 1);
      return holdoutFlagged(r);
    });
    console.log(`  by flag: ${[...by].map(([c, n]) => `${c} ${n}`).join(', ')}`);
    expect(p).toBeLessThanOrEqual(0.1);
  });

  it('flags a grid whose top budget came from a different exponent: ≥ 90% at a + 0.2 (4× off), ≥ 80% at a + 0.15', () => {
    const hits = (shift: number, trials: number) =>
      rate(`approach-2 hold-out hits, top budget from a + ${shift}`, trials, (s) => holdoutFlagged(fitLaw('chinchilla-2', grid(s + 1, shift), { bootstrap: 200, seed: s, holdout: true })));
    expect(hits(0.2, 50)).toBeGreaterThanOrEqual(0.9);
    expect(hits(0.15, 50)).toBeGreaterThanOrEqual(0.8);
  });
});
