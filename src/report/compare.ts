/**
 * The comparison table: each fitted exponent or coefficient next to Kaplan et al. 2020,
 * Hoffmann et al. 2022 and Besiroglu et al. 2024. Which rows there are, and which fits fill each,
 * comes from the laws' records (src/fit/law-record.ts `compare`); published values from the same
 * records (one source of truth); ours from the fits, each row naming the fits.csv / fits.json entry.
 */
import { isLawName, LAWS, PUBLISHED, publishedValue, SOURCES, type LawName, type PublishedSource } from '../fit/index.ts';
import type { FitRecord, FitsData, Flag } from '../io/formats/fits-file.ts';
import { interval, mdTable, num } from '../base/format.ts';

interface Quantity {
  symbol: string;
  /** Fits that estimate it: law name (any variant, e.g. +E) and parameter; derived = fits.json derived values. */
  from: { law: LawName; param: string; derived?: boolean }[];
  /** Where to look up published values when we have no fit. */
  published: { law: LawName; param: string };
}

/**
 * The quantities compared, in the order the report lists them: one row per symbol a law owns,
 * in its owner's place in the registry; in each row the owner first, then every other law that
 * names the symbol, in registry order.
 */
export const QUANTITIES: Quantity[] = LAWS.flatMap((owner) =>
  (owner.compare ?? [])
    .filter((e) => e.owner === true)
    .map((own): Quantity => {
      const others = LAWS.flatMap((r) => (r === owner ? [] : (r.compare ?? []).filter((e) => e.symbol === own.symbol).map((e) => ({ law: r.name, param: e.param, ...(e.derived ? { derived: true } : {}) }))));
      return { symbol: own.symbol, from: [{ law: owner.name, param: own.param, ...(own.derived ? { derived: true } : {}) }, ...others], published: { law: owner.name, param: own.param } };
    }),
);

export { SOURCES };

export interface ComparisonRow {
  symbol: string;
  /** The fit's label (e.g. kaplan-n+E), or null when nothing estimated this quantity. */
  label: string | null;
  law: string;
  param: string;
  subset: string | null;
  value: number | null;
  ci: [number, number] | null;
  published: Record<PublishedSource, number | null>;
  /** Where the value is in the sweep folder; or, with no fit, why there is none. */
  source: string;
  /** Why the value is not to be trusted (trust flags); empty when it is determined. */
  flags: string[];
  /** The same flags' codes (uninformative, holdout-outside …), in the same order. */
  flagCodes: string[];
}

/** The trust flags that apply to one value of a fit: the fit's own and those naming the parameter. */
export function valueFlags(fit: FitRecord, param: string): Flag[] {
  return fit.flags.filter((f) => f.param === undefined || f.param === param);
}

/** The value as a table prints it: the number, or "not determined" when a trust flag applies. */
export function shownValue(r: Pick<ComparisonRow, 'value' | 'flags'>): string {
  return r.flags.length > 0 ? 'not determined' : num(r.value);
}

export function comparisonRows(fits: FitsData): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const q of QUANTITIES) {
    const found: ComparisonRow[] = [];
    for (const ref of q.from) {
      for (const fit of fits.fits.filter((f) => f.law === ref.law)) {
        const value = ref.derived ? fit.derived?.values[ref.param] : fit.params[ref.param];
        if (value === undefined) continue;
        const ci = (ref.derived ? fit.derived?.ci[ref.param] : fit.ci[ref.param]) ?? null;
        found.push({
          symbol: q.symbol,
          label: fit.label,
          law: fit.law,
          param: ref.param,
          subset: fit.subset,
          value,
          ci,
          published: publishedFor(fit.law, ref.param),
          source: ref.derived ? `fits.json: ${fit.label} derived.${ref.param}` : `fits.csv: law=${fit.label}, param=${ref.param}`,
          flags: valueFlags(fit, ref.param).map((f) => f.message),
          flagCodes: valueFlags(fit, ref.param).map((f) => f.code),
        });
      }
    }
    if (found.length > 0) rows.push(...found);
    else rows.push({ symbol: q.symbol, label: null, law: q.published.law, param: q.published.param, subset: null, value: null, ci: null, published: publishedFor(q.published.law, q.published.param), source: whyNot(q, fits), flags: [], flagCodes: [] });
  }
  return rows;
}

function publishedFor(law: string, param: string): Record<PublishedSource, number | null> {
  const out = { kaplan: null, hoffmann: null, besiroglu: null } as Record<PublishedSource, number | null>;
  if (!isLawName(law)) return out;
  for (const s of SOURCES) out[s] = publishedValue(s, law, param) ?? null;
  return out;
}

function whyNot(q: Quantity, fits: FitsData): string {
  const laws = new Set(q.from.map((r) => r.law));
  const reasons = fits.skipped.filter((s) => laws.has(s.law.replace(/\+E$/, '') as LawName)).map((s) => `${s.law}: ${s.reason}`);
  return reasons.length > 0 ? `not fitted (${reasons.join('; ')})` : 'not fitted';
}

export function comparisonTable(rows: readonly ComparisonRow[]): string {
  const head = ['quantity', 'our fit (law; runs used)', 'ours', '95% CI', ...SOURCES.map((s) => PUBLISHED[s].citation), 'source', 'not determined because'];
  return mdTable(
    head,
    rows.map((r) => [
      r.symbol,
      r.label ? `${r.label}${r.subset ? `; ${r.subset}` : ''}` : '—',
      shownValue(r),
      r.flags.length > 0 ? '' : interval(r.ci),
      ...SOURCES.map((s) => num(r.published[s])),
      r.source,
      r.flags.join('; '),
    ]),
  );
}

/** All parameters of every fit, as fits.csv holds them (plus derived values from fits.json). */
export function allParamsTable(fits: readonly FitRecord[]): string {
  const rows: string[][] = [];
  for (const f of fits) {
    const codes = (param: string) => valueFlags(f, param).map((g) => g.code).join(' ');
    for (const [param, value] of Object.entries(f.params)) rows.push([f.label, param, num(value), interval(f.ci[param]), f.points === null ? '' : String(f.points), f.subset ?? '', codes(param)]);
    for (const [param, value] of Object.entries(f.derived?.values ?? {})) rows.push([f.label, `${param} (derived)`, num(value), interval(f.derived?.ci[param]), '', f.subset ?? '', codes(param)]);
  }
  return mdTable(['law', 'param', 'value', '95% CI', 'points', 'runs used', 'trust flags'], rows);
}
