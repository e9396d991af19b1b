/** report.md's and results/README.md's account of the flags: how many values are determined, and how many each flag marks. */
import { describe, expect, it } from 'vitest';
import type { FitRecord } from '../../src/io/formats/fits-file.ts';
import { flagCounts, flagCountsLine } from '../../src/report/trust-section.ts';

function record(label: string, params: Record<string, number>, flags: FitRecord['flags'], derived: Record<string, number> = {}): FitRecord {
  return { law: label, label, formula: '', params, ci: {}, derived: { values: derived, ci: {} }, points: 8, rmseLog: null, holdout: null, subset: null, details: {}, residuals: [], warnings: [], bootstrapRequested: null, samples: null, flags };
}

describe('flag counts', () => {
  it('count every parameter and derived value once, determined or under each of its flags', () => {
    const fits = [
      record('kaplan-n', { N_c: 1, alpha_N: 0.1 }, [{ code: 'uninformative', param: 'alpha_N', message: '' }]),
      // A fit-wide flag marks every value of the fit; a value with two flags counts under both.
      record('chinchilla-3', { E: 1, alpha: 0.3 }, [{ code: 'holdout-outside', message: '' }, { code: 'at-bound', param: 'E', message: '' }], { a: 0.5 }),
      record('kaplan-d', { D_c: 1, alpha_D: 0.1 }, []),
    ];
    const c = flagCounts(fits);
    expect(c).toEqual({ values: 7, determined: 3, byCode: [['holdout-outside', 3], ['at-bound', 1], ['uninformative', 1]] });
    expect(flagCountsLine(c)).toBe('3 of 7 values determined; 4 not determined, by flag (a value may have several): `holdout-outside` 3, `at-bound` 1, `uninformative` 1.');
  });
});
