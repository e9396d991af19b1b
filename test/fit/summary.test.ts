/** What a sweep prints when it ends: determined values beside the published ones, the rest counted by flag. */
import { describe, expect, it } from 'vitest';
import { fitLaw, summaryTable } from '../../src/fit/index.ts';

describe('the sweep summary', () => {
  const sizes = [4e3, 8e3, 16e3, 32e3, 64e3, 128e3];
  // 0.3% deterministic wiggle: a clean L(N) whose exponent is determined.
  const clean = sizes.map((N, i) => ({ N, D: 1e7, loss: (1e9 / N) ** 0.07 * (1 + 0.003 * Math.sin(3 * i)) }));

  it('lists determined values with the published ones and counts the flagged by flag', () => {
    const good = fitLaw('kaplan-n', clean, { bootstrap: 200, holdout: true });
    const few = fitLaw('kaplan-n', clean.slice(0, 3), { bootstrap: 200, holdout: true });
    const text = summaryTable([good, { ...few, label: 'kaplan-n (3 sizes)' }]);
    expect(text).toMatch(/^determined values/);
    expect(text).toMatch(/kaplan-n\s+alpha_N\s+0\.0[67]\d*\s+\[[^\]]+\]\s+Kaplan 2020: 0\.076/);
    expect(text).not.toMatch(/kaplan-n \(3 sizes\)/);
    expect(text).toMatch(/2 more value\(s\) not determined \(.*few-points 2/);
  });

  it('says so when nothing is determined', () => {
    const few = fitLaw('kaplan-n', clean.slice(0, 3), { bootstrap: 100, holdout: true });
    expect(summaryTable([few])).toMatch(/^no fitted value is determined: \(.*few-points 2/);
  });
});
