/**
 * Two or more sweeps side by side: for every quantity (α_N, a, E …) that the same law estimated
 * in the first sweep and in another, the values with their intervals, the difference with its own
 * 95% bootstrap interval, and a verdict. The difference's interval comes from the saved draws
 * (fits.json bootstrapSamples): the sweeps' bootstraps are independent, so draw k of one minus
 * draw k of the other is a draw of the difference. Pure: the CLI reads the files.
 */
import { deriveQuantities, isLawName, quantile } from '../fit/index.ts';
import { comparisonRows, QUANTITIES, valueFlags, type ComparisonRow } from './compare.ts';
import type { FitRecord, FitsData } from '../io/formats/fits-file.ts';
import { num } from '../base/format.ts';

export interface SweepFits {
  /** Name shown in tables and the figure (the folder's name). */
  name: string;
  /** runs.csv task and model family, or null when unknown (a bare fits.json). */
  task: string | null;
  family: string | null;
  fits: FitsData;
}

export interface SweepValue {
  sweep: string;
  value: number;
  ci: [number, number] | null;
  /** Trust flags (messages) that make this value not determined. */
  flags: string[];
  /** Their codes (src/fit/trust.ts), in the same order. */
  codes: string[];
  draws: number[] | null;
  /** Which runs the law was fitted to, in words (fits.json details.subset). */
  subset: string | null;
}

export interface Difference {
  /** The other sweep minus the first (the reference). */
  sweep: string;
  diff: number;
  ci: [number, number] | null;
  /**
   * true: both values are determined and the interval of the difference contains 0 without being
   * wider than the values; false: it excludes 0; null: no verdict (not determined, uninformative).
   */
  consistent: boolean | null;
  verdict: string;
}

export interface QuantityComparison {
  symbol: string;
  /** Law label (e.g. kaplan-n+E) and parameter the quantity comes from, the same in every sweep. */
  label: string;
  param: string;
  published: ComparisonRow['published'];
  /** One per sweep, in the order given; null where that sweep has no such fit. */
  values: (SweepValue | null)[];
  /** One per sweep after the first that has the quantity. */
  differences: Difference[];
}

/** The column of a fit's draws for a parameter or derived quantity; null when not saved. */
export function drawsOf(fit: FitRecord, param: string, derived: boolean): number[] | null {
  if (!fit.samples || fit.samples.length === 0) return null;
  const names = Object.keys(fit.params);
  if (!derived) {
    const j = names.indexOf(param);
    return j < 0 ? null : fit.samples.map((row) => row[j]);
  }
  if (!isLawName(fit.law)) return null;
  const law = fit.law;
  const out = fit.samples.map((row) => deriveQuantities(law, Object.fromEntries(names.map((n, j) => [n, row[j]])))[param]);
  return out.every((v) => typeof v === 'number' && Number.isFinite(v)) ? out : null;
}

/** Problems that make a comparison meaningless: different tasks (GPT on text vs an MLP teacher). */
export function taskMismatch(sweeps: readonly SweepFits[]): string | null {
  const known = sweeps.filter((s) => s.task !== null);
  const tasks = new Set(known.map((s) => `${s.task}/${s.family}`));
  if (tasks.size <= 1) return null;
  return `the sweeps measure different tasks (${known.map((s) => `${s.name}: ${s.task}, ${s.family}`).join('; ')}): their losses are in different units and their exponents describe different problems`;
}

export function compareSweeps(sweeps: readonly SweepFits[]): QuantityComparison[] {
  const out: QuantityComparison[] = [];
  const rowsOf = sweeps.map((s) => comparisonRows(s.fits).filter((r) => r.label !== null && r.value !== null));
  const keys: { symbol: string; label: string; param: string }[] = [];
  for (const rows of rowsOf) for (const r of rows) if (!keys.some((k) => k.symbol === r.symbol && k.label === r.label)) keys.push({ symbol: r.symbol, label: r.label as string, param: r.param });
  const order = (symbol: string) => QUANTITIES.findIndex((q) => q.symbol === symbol);
  keys.sort((a, b) => order(a.symbol) - order(b.symbol));
  for (const key of keys) {
    const derived = QUANTITIES.find((q) => q.symbol === key.symbol)?.from.find((f) => f.param === key.param && key.label.replace(/\+E$/, '') === f.law)?.derived === true;
    const rows = sweeps.map((_, i) => rowsOf[i].find((r) => r.symbol === key.symbol && r.label === key.label) ?? null);
    const values = sweeps.map((s, i): SweepValue | null => {
      const row = rows[i];
      const fit = s.fits.fits.find((f) => f.label === key.label);
      if (!row || !fit || row.value === null) return null;
      const flags = valueFlags(fit, key.param);
      return { sweep: s.name, value: row.value, ci: row.ci, flags: flags.map((f) => f.message), codes: flags.map((f) => f.code), draws: drawsOf(fit, key.param, derived), subset: fit.subset };
    });
    const present = values.filter((v): v is SweepValue => v !== null);
    const ref = values[0];
    const published = rows.find((r) => r !== null)?.published;
    if (present.length < 2 || ref === null || !published) continue;
    out.push({ ...key, published, values, differences: present.slice(1).map((v) => difference(ref, v)) });
  }
  return out;
}

function difference(a: SweepValue, b: SweepValue): Difference {
  const d = verdictOf(a, b);
  // The same law on another slice (kaplan-n at another D) estimates a different thing: say so.
  const sa = sliceOf(a.subset);
  const sb = sliceOf(b.subset);
  const slices = sa !== null && sb !== null && sa !== sb ? ` (different slices: ${sa} in ${a.sweep}, ${sb} in ${b.sweep})` : '';
  return { ...d, verdict: `${d.verdict}${slices}` };
}

/** "D = 1.60e+6" from a subset such as "D = 1.60e+6, 3 sizes" (sweep-select's words); else null. */
function sliceOf(subset: string | null): string | null {
  const m = subset === null ? null : /^([ND] = [^,]+)/.exec(subset);
  return m ? m[1] : null;
}

/**
 * A difference whose 95% interval's half-width exceeds this multiple of the larger of the two
 * values is uninformative: "consistent" would then hold for values a factor of 2 or more apart
 * (2.066 [−8.16, 29.4] between two α_N near 0.1–2). The same 100% as for one exponent (trust.ts).
 */
export const MAX_DIFFERENCE_HALF_WIDTH = 1;

function verdictOf(a: SweepValue, b: SweepValue): Difference {
  const diff = b.value - a.value;
  const base = { sweep: b.sweep, diff };
  const vague = [a, b].filter((v) => v.codes.includes('uninformative')).map((v) => v.sweep);
  if (vague.length > 0) return { ...base, ci: null, consistent: null, verdict: `uninformative: the interval says nothing in ${vague.join(' and ')}` };
  const notDetermined = [a, b].filter((v) => v.flags.length > 0).map((v) => v.sweep);
  if (notDetermined.length > 0) return { ...base, ci: null, consistent: null, verdict: `not comparable: not determined in ${notDetermined.join(' and ')}` };
  if (!a.draws || !b.draws) {
    if (!a.ci || !b.ci) return { ...base, ci: null, consistent: null, verdict: 'no verdict: no bootstrap draws or intervals saved' };
    const overlap = a.ci[0] <= b.ci[1] && b.ci[0] <= a.ci[1];
    return { ...base, ci: null, consistent: overlap ? null : false, verdict: overlap ? 'intervals overlap (no draws saved, so no interval on the difference)' : `differ: the intervals do not overlap (no draws saved)` };
  }
  const n = Math.min(a.draws.length, b.draws.length);
  const d = Array.from({ length: n }, (_, k) => b.draws![k] - a.draws![k]).sort((x, y) => x - y);
  const ci: [number, number] = [quantile(d, 0.025), quantile(d, 0.975)];
  const scale = Math.max(Math.abs(a.value), Math.abs(b.value));
  if ((ci[1] - ci[0]) / 2 > MAX_DIFFERENCE_HALF_WIDTH * scale) {
    return { ...base, ci, consistent: null, verdict: `uninformative: the difference's 95% interval [${num(ci[0], 3)}, ${num(ci[1], 3)}] is wider than the values themselves` };
  }
  const consistent = ci[0] <= 0 && 0 <= ci[1];
  const rel = a.value !== 0 ? ` (${diff > 0 ? '+' : ''}${((100 * diff) / Math.abs(a.value)).toFixed(0)}% of ${a.sweep}'s)` : '';
  return {
    ...base,
    ci,
    consistent,
    verdict: consistent ? `consistent: the difference's 95% interval contains 0` : `differ by ${num(diff)}${rel}, 95% interval [${num(ci[0], 3)}, ${num(ci[1], 3)}]`,
  };
}
