import { describe, expect, it } from 'vitest';
import { selectSweepFits } from '../../src/fit/sweep-select.ts';
import type { FitPoint } from '../../src/fit/types.ts';

const grid = (Ns: number[], Ds: number[]): FitPoint[] => Ns.flatMap((N) => Ds.map((D) => ({ N, D, loss: 2 + 1 / N + 1 / D })));

describe('which laws a sweep supports', () => {
  it('the data-constrained law only where runs repeat data at two or more repetition counts', () => {
    const withU = (U: number) => grid([1e4, 1e5, 1e6], [1e6, 4e6, 1.6e7]).map((p) => ({ ...p, U }));
    const laws = (pts: ReturnType<typeof withU>) => selectSweepFits(pts, null).jobs.map((j) => j.law);
    expect(laws(withU(1e6))).toContain('data-constrained'); // 4 and 16 epochs
    expect(laws(withU(4e6))).not.toContain('data-constrained'); // only 4 epochs repeat
    expect(selectSweepFits(withU(4e6), null).skipped.find((k) => k.law === 'data-constrained')?.reason).toMatch(/2 or more repetition counts \(got 1\)/);
  });

  it('an N × D grid: kaplan-n at the largest D, kaplan-d at the largest N, joint laws', () => {
    const s = selectSweepFits(grid([1e4, 1e5, 1e6, 1e7], [1e6, 1e7, 1e8, 1e9]), null);
    const laws = s.jobs.map((j) => `${j.law}${j.options.irreducible ? '+E' : ''}`);
    expect(laws).toEqual(['kaplan-n', 'kaplan-n+E', 'kaplan-d', 'kaplan-d+E', 'kaplan-nd', 'chinchilla-3']);
    expect(s.jobs[0].points.every((p) => p.D === 1e9)).toBe(true);
    expect(s.jobs[2].points.every((p) => p.N === 1e7)).toBe(true);
    expect(s.skipped.map((k) => k.law)).toEqual(['bnsl-1', 'data-constrained', 'chinchilla-2', 'chinchilla-1', 'kaplan-c']);
  });

  it('one model size: only kaplan-d, and why the others are skipped', () => {
    const s = selectSweepFits(grid([1e5], [1e6, 1e7]), null);
    expect(s.jobs.map((j) => j.law)).toEqual(['kaplan-d']);
    expect(s.skipped.find((k) => k.law === 'kaplan-n')?.reason).toMatch(/2 or more distinct N/);
  });

  it('IsoFLOP budgets and curves', () => {
    const runs = [1e15, 1e16].flatMap((C) => [1e5, 2e5, 4e5].map((N) => ({ N, D: C / 6 / N, loss: 3, budget: C })));
    const curves = runs.map((p, i) => ({ ...p, run: `r${i}` }));
    const s = selectSweepFits(runs, curves);
    expect(s.jobs.map((j) => j.law)).toEqual(expect.arrayContaining(['chinchilla-2', 'chinchilla-1', 'kaplan-c']));
  });

  it('--law restricts the list', () => {
    const s = selectSweepFits(grid([1e4, 1e5, 1e6], [1e6, 1e7, 1e8]), null, 'chinchilla-3');
    expect(s.jobs.map((j) => j.law)).toEqual(['chinchilla-3']);
  });
});
