/** The convention-sensitivity tables, from fits.json's conventions: per sweep in report.md, all sweeps in results/README.md. */
import { describe, expect, it } from 'vitest';
import { conventionIndexSection, conventionSection } from '../../src/report/convention-section.ts';
import { parseFitsJson, type FitsData } from '../../src/io/formats/fits-file.ts';

const fits = (conventions: unknown): FitsData => {
  const parsed = parseFitsJson(
    JSON.stringify({
      fits: [{ law: 'chinchilla-2', label: 'chinchilla-2', params: { a: 0.818, b: 0.182 }, ci: { a: [0.6, 1.0], b: [0, 0.4] } }],
      ...(conventions ? { conventions } : {}),
    }),
  );
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('convention sensitivity', () => {
  const withShift = fits({ alternative: 'total N, counted FLOPs', shifts: [{ label: 'chinchilla-2', param: 'a', main: 0.818, alternative: 0.738 }] });

  it('report.md: each exponent under both conventions, the shift, and the interval for scale', () => {
    const text = conventionSection(withShift).join('\n');
    expect(text).toMatch(/## Convention sensitivity/);
    expect(text).toContain('| chinchilla-2 | a | 0.818 | 0.738 | -0.08 | 0.2 |');
  });

  it('results/README.md: one table over every sweep, naming sweeps without a refit', () => {
    const text = conventionIndexSection([
      { name: 'iso', fits: withShift },
      { name: 'old', fits: fits(null) },
    ]).join('\n');
    expect(text).toContain('| iso | chinchilla-2 | a | 0.818 | 0.738 | -0.08 | 0.2 |');
    expect(text).toMatch(/No refit for: old\./);
    expect(conventionIndexSection([{ name: 'old', fits: fits(null) }])).toEqual([]);
  });
});
