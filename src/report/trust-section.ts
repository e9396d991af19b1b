/**
 * The report's account of which fitted values to trust: each law's trust flags (src/fit/trust.ts)
 * in words, and for nested laws (kaplan-n vs kaplan-n+E …) the one the data support.
 */
import type { FitRecord, FitsData } from '../io/formats/fits-file.ts';
import { valueFlags } from './compare.ts';

/** What makes a value "not determined", in words: src/fit/trust.ts's flags and their thresholds. */
export const TRUST_RULES =
  'A value is *not determined* when a trust flag applies to it: too few degrees of freedom counted over distinct design points (sizes, token counts, budgets; never seeds), fewer than 3 (`few-points`) or none (`exact-fit`); an interval that says nothing (`uninformative`: an exponent whose 95% interval contains 0 or has a half-width above 100% of the value, a coefficient whose interval spans more than 1.5 decades, or a parameter measured above an undetermined E); a parameter at its bound (E → 0, `at-bound`) or whose interval reaches it (`interval-at-bound`); an estimate outside or within 1e-6 (or 0.1% of the interval) of an edge of its own interval (`outside-ci`); a hold-out whose observation falls outside the refit\'s prediction interval (`holdout-outside`), that does not beat a naive predictor (`holdout-naive`) or whose refit failed (`holdout-failed`); or a bootstrap in which more than 2.5% of resamples failed (`bootstrap-failed`, `no-interval`)';

/** How many values (parameters and derived quantities) are determined, and how many each flag marks. */
export interface FlagCounts {
  values: number;
  determined: number;
  /** Values each flag code applies to (a value with two flags counts under both), most first. */
  byCode: [string, number][];
}

export function flagCounts(fits: readonly FitRecord[]): FlagCounts {
  let values = 0;
  let determined = 0;
  const by = new Map<string, number>();
  for (const f of fits) {
    for (const param of [...Object.keys(f.params), ...Object.keys(f.derived?.values ?? {})]) {
      values++;
      const codes = new Set(valueFlags(f, param).map((g) => g.code));
      if (codes.size === 0) determined++;
      for (const c of codes) by.set(c, (by.get(c) ?? 0) + 1);
    }
  }
  return { values, determined, byCode: [...by.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) };
}

/** "12 of 40 values determined; 28 flagged: uninformative 20, holdout-outside 9 …". */
export function flagCountsLine(c: FlagCounts): string {
  const flagged = c.values - c.determined;
  return `${c.determined} of ${c.values} values determined${flagged > 0 ? `; ${flagged} not determined, by flag (a value may have several): ${c.byCode.map(([code, n]) => `\`${code}\` ${n}`).join(', ')}` : ''}.`;
}

export function trustSection(fits: FitsData): string[] {
  const flagged = fits.fits.filter((f) => f.flags.length > 0);
  const lines: string[] = ['## Which values to trust', ''];
  lines.push(`${TRUST_RULES} (fits.json \`flags\`; fits.csv \`flags\`).`, '');
  if (fits.fits.length > 0) lines.push(flagCountsLine(flagCounts(fits.fits)), '');
  if (flagged.length === 0) lines.push('No value of any fit is flagged.', '');
  else lines.push(...flagged.flatMap((f) => f.flags.map((g) => `- ${f.label}${g.param ? ` (${g.param})` : ''}: ${g.message}`)), '');
  if (fits.nested.length > 0) {
    lines.push('Nested laws, fitted to the same runs: the one the data support (by hold-out error, else AIC on log residuals; fits.json `nested`).', '');
    lines.push(...fits.nested.map((n) => `- ${n.simple} vs ${n.extended}: ${n.supported ?? 'cannot tell'} (${n.reason})`), '');
  }
  return lines;
}
