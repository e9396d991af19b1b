/** Fit results as fits.csv rows and as a readable table next to the published values. Pure. */
// The base's string formatters import nothing, so the fit code stays pure.
import { num, textTable } from '../base/format.ts';
import { publishedValue } from './published.ts';
import type { SkippedLaw } from './sweep-select.ts';
import type { NestedChoice } from './nested.ts';
import { flagsOf } from './trust.ts';
import type { FitResult, HoldoutResult } from './types.ts';

export const FITS_CSV_COLUMNS = [
  'law',
  'param',
  'value',
  'ci_low',
  'ci_high',
  'published_kaplan',
  'published_hoffmann',
  'published_besiroglu',
  'points',
  'holdout_rel_error',
  'holdout_naive_rel_error',
  'holdout_in_interval',
  'flags',
] as const;

export type FitsCsvRow = Record<(typeof FITS_CSV_COLUMNS)[number], string | number>;

/**
 * One row per law × parameter; empty cells where there is no CI, published value or hold-out.
 * `flags` lists the trust flags (trust.ts) that apply to the row, space-separated; a row with any
 * is not a measurement to compare.
 */
export function fitsCsvRows(results: readonly FitResult[]): FitsCsvRow[] {
  const rows: FitsCsvRow[] = [];
  for (const r of results) {
    for (const [param, value] of Object.entries(r.params)) {
      const ci = r.ci[param];
      rows.push({
        law: r.label,
        param,
        value,
        ci_low: ci ? ci[0] : '',
        ci_high: ci ? ci[1] : '',
        published_kaplan: publishedValue('kaplan', r.law, param) ?? '',
        published_hoffmann: publishedValue('hoffmann', r.law, param) ?? '',
        published_besiroglu: publishedValue('besiroglu', r.law, param) ?? '',
        points: r.stats.points,
        holdout_rel_error: r.holdout?.relError ?? '',
        holdout_naive_rel_error: r.holdout?.naive?.relError ?? '',
        holdout_in_interval: r.holdout?.interval ? String(r.holdout.interval.inside) : '',
        flags: flagsOf(r.flags, param)
          .map((f) => f.code)
          .join(' '),
      });
    }
  }
  return rows;
}

/** The hold-out in words: its error, the prediction interval, the naive predictor; or why none. */
function holdoutWords(h: HoldoutResult): string {
  if (h.relError === null) return `hold-out${h.refitFailed ? ' failed' : ''}: ${h.note ?? 'not run'}`;
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const parts = [`hold-out (largest ${h.axis} = ${num(h.value)}): ${pct(h.relError)} mean rel. error in ${h.quantity} over ${h.predictions.length} point(s)`];
  if (h.interval) parts.push(`observed ${num(h.interval.observed)} ${h.interval.inside ? 'inside' : 'outside'} the ${Math.round(100 * h.interval.level)}% prediction interval [${num(h.interval.low)}, ${num(h.interval.high)}]`);
  if (h.naive) parts.push(`naive predictor (${h.naive.how}) ${pct(h.naive.relError)}`);
  return parts.join(', ');
}

export function formatTable(results: readonly FitResult[], skipped: readonly SkippedLaw[] = [], nested: readonly NestedChoice[] = []): string {
  const head = ['law', 'param', 'fitted', '95% CI', 'trust', 'Kaplan 2020', 'Hoffmann 2022', 'Besiroglu 2024'];
  const body: string[][] = [];
  // One row per parameter, then per derived quantity, each beside the published values of its law;
  // a flagged value is printed in parentheses, its trust column names the flags, and it is never
  // set beside a published one.
  const row = (r: FitResult, label: string, name: string, param: string, value: number, ci: [number, number] | undefined) => {
    const codes = [...new Set(flagsOf(r.flags, param).map((f) => f.code))];
    const flagged = codes.length > 0;
    const pub = (src: 'kaplan' | 'hoffmann' | 'besiroglu') => (flagged ? (publishedValue(src, r.law, param) === undefined ? '' : '—') : num(publishedValue(src, r.law, param)));
    return [label, name, flagged ? `(${num(value)})` : num(value), ci ? `[${num(ci[0])}, ${num(ci[1])}]` : '', flagged ? codes.join(' ') : 'ok', pub('kaplan'), pub('hoffmann'), pub('besiroglu')];
  };
  for (const r of results) {
    Object.entries(r.params).forEach(([param, value], i) => body.push(row(r, i === 0 ? r.label : '', param, param, value, r.ci[param])));
    for (const [param, value] of Object.entries(r.derived?.values ?? {})) body.push(row(r, '', `${param} (derived)`, param, value, r.derived?.ci[param]));
  }
  const out = [textTable(head, body), ''];
  for (const r of results) {
    const h = r.holdout;
    const hold = h ? holdoutWords(h) : '';
    out.push(`${r.label}: ${r.formula}; ${r.stats.points} points, rmse(log) ${num(r.stats.rmseLog)}${hold ? `; ${hold}` : ''}`);
    for (const f of r.flags) out.push(`  not determined${f.param ? ` (${f.param})` : ''}: ${f.message}`);
    for (const w of r.warnings) out.push(`  warning: ${w}`);
  }
  for (const n of nested) out.push(`${n.simple} vs ${n.extended}: the data support ${n.supported ?? 'neither clearly'} (${n.reason})`);
  for (const s of skipped) out.push(`${s.law}: skipped, ${s.reason}`);
  return out.join('\n');
}

/**
 * What a sweep prints when it ends: the determined values beside the published ones, and one line
 * counting the rest by flag. Every value and its reasons stay in fits.csv, report.md and
 * `toyscale fit <dir>` (the full table, formatTable).
 */
export function summaryTable(results: readonly FitResult[]): string {
  const sources = [
    ['kaplan', 'Kaplan 2020'],
    ['hoffmann', 'Hoffmann 2022'],
    ['besiroglu', 'Besiroglu 2024'],
  ] as const;
  const body: string[][] = [];
  const byFlag = new Map<string, number>();
  let flaggedValues = 0;
  for (const r of results) {
    const values: Array<[string, string, number, [number, number] | undefined]> = [
      ...Object.entries(r.params).map(([p, v]): [string, string, number, [number, number] | undefined] => [p, p, v, r.ci[p]]),
      ...Object.entries(r.derived?.values ?? {}).map(([p, v]): [string, string, number, [number, number] | undefined] => [`${p} (derived)`, p, v, r.derived?.ci[p]]),
    ];
    for (const [name, param, value, ci] of values) {
      const codes = [...new Set(flagsOf(r.flags, param).map((f) => f.code))];
      if (codes.length > 0) {
        flaggedValues++;
        for (const c of codes) byFlag.set(c, (byFlag.get(c) ?? 0) + 1);
        continue;
      }
      const published = sources.flatMap(([src, cite]) => {
        const v = publishedValue(src, r.law, param);
        return v === undefined ? [] : [`${cite}: ${num(v)}`];
      });
      body.push([r.label, name, num(value), ci ? `[${num(ci[0])}, ${num(ci[1])}]` : '', published.join('; ')]);
    }
  }
  const counts = [...byFlag].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ');
  const rest = flaggedValues > 0 ? `${flaggedValues} more value(s) not determined (${counts})` : 'every fitted value is determined';
  if (body.length === 0) return `no fitted value is determined: ${rest.replace(/^\d+ more value\(s\) not determined /, '')}`;
  return [`determined values (95% bootstrap interval), beside the published ones:`, textTable(['law', 'param', 'fitted', '95% CI', 'published'], body), rest].join('\n');
}
