/**
 * The IsoFLOP figure draws the parabolas and minima the fit wrote (fits.json chinchilla-2
 * details.isoflop): changing them there changes what is drawn, and without that fit nothing is.
 */
import { describe, expect, it } from 'vitest';
import { loadReportInputs } from '../../src/report/inputs.ts';
import { isoflopBudgets } from '../../src/report/plots/isoflop-data.ts';

const inputs = loadReportInputs('results/chinchilla-isoflop-untuned');
const chinchilla2 = inputs.fits.fits.find((f) => f.law === 'chinchilla-2');

describe('isoflopBudgets', () => {
  it('takes each budget’s parabola and minimum from fits.json', () => {
    const profiles = chinchilla2?.details.isoflop as { C: number; N_opt: number; parabola: number[]; sizes: number[] }[];
    const budgets = isoflopBudgets(inputs);
    expect(budgets.length).toBeGreaterThanOrEqual(2);
    for (const b of budgets) {
      const p = profiles.find((q) => q.C === b.C);
      expect(p, `budget ${b.C}`).toBeDefined();
      expect(b.parabola?.c).toEqual(p?.parabola);
      expect(b.parabola?.sizes).toEqual(p?.sizes);
      expect(b.minimum?.N_opt).toBe(p?.N_opt);
    }
  });

  it('draws an edited fits.json, not a refit', () => {
    const details = structuredClone(chinchilla2!.details) as { isoflop: { N_opt: number }[] };
    details.isoflop[0].N_opt = 12345;
    const edited = { ...inputs, fits: { ...inputs.fits, fits: inputs.fits.fits.map((f) => (f === chinchilla2 ? { ...f, details } : f)) } };
    expect(isoflopBudgets(edited)[0].minimum?.N_opt).toBe(12345);
  });

  it('has no parabola, and says why, when chinchilla-2 was not fitted', () => {
    const without = { ...inputs, fits: { ...inputs.fits, fits: inputs.fits.fits.filter((f) => f !== chinchilla2) } };
    const budgets = isoflopBudgets(without);
    expect(budgets.length).toBeGreaterThanOrEqual(2);
    for (const b of budgets) {
      expect(b.parabola).toBeNull();
      expect(b.why).toMatch(/chinchilla-2 was not fitted/);
    }
  });
});
