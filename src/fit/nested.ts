/**
 * Nested laws: a Kaplan law and the same law plus an irreducible loss E, fitted to the same
 * points. The larger one always fits at least as well, so "which fits better" is not the question;
 * which one the data support is: first by hold-out error (the law that predicts the largest model
 * better), else by AIC on the log residuals, which charges each extra parameter.
 */
import type { FitResult } from './types.ts';

export interface NestedChoice {
  simple: string;
  extended: string;
  aic: { simple: number; extended: number } | null;
  holdout: { simple: number; extended: number } | null;
  /** The label the data support, or null when they cannot tell. */
  supported: string | null;
  /** How it was decided, in words, with the numbers. */
  reason: string;
}

/** AIC of a least-squares fit in log loss: n·ln(RSS/n) + 2k; null for an exact fit (RSS = 0). */
export function aicOf(r: FitResult, k: number): number | null {
  const n = r.residuals.length;
  const rss = r.residuals.reduce((s, q) => s + q.logResidual ** 2, 0);
  if (n === 0 || !(rss > 0)) return null;
  return n * Math.log(rss / n) + 2 * k;
}

export function nestedChoices(results: readonly FitResult[]): NestedChoice[] {
  const out: NestedChoice[] = [];
  for (const ext of results) {
    if (!ext.label.endsWith('+E')) continue;
    const simple = results.find((r) => r.label === ext.label.slice(0, -2));
    if (!simple) continue;
    const aS = aicOf(simple, Object.keys(simple.params).length);
    const aE = aicOf(ext, Object.keys(ext.params).length);
    const aic = aS !== null && aE !== null && simple.residuals.length === ext.residuals.length ? { simple: aS, extended: aE } : null;
    const hS = simple.holdout?.relError ?? null;
    const hE = ext.holdout?.relError ?? null;
    const holdout = hS !== null && hE !== null ? { simple: hS, extended: hE } : null;
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const aicWords = aic ? `AIC ${aic.simple.toFixed(1)} vs ${aic.extended.toFixed(1)}` : 'AIC not comparable (an exact fit or different points)';
    let supported: string | null = null;
    let reason: string;
    if (holdout) {
      supported = holdout.extended < holdout.simple ? ext.label : simple.label;
      const aicPick = aic ? (aic.extended < aic.simple ? ext.label : simple.label) : null;
      reason = `hold-out error ${pct(holdout.simple)} (${simple.label}) vs ${pct(holdout.extended)} (${ext.label}); ${aicWords}${aicPick && aicPick !== supported ? `, which prefers ${aicPick}` : ''}`;
    } else if (aic) {
      supported = aic.extended < aic.simple ? ext.label : simple.label;
      reason = `${aicWords} (${simple.label} vs ${ext.label}; no hold-out error for both)`;
    } else {
      reason = `cannot tell: no hold-out error for both, and ${aicWords}`;
    }
    out.push({ simple: simple.label, extended: ext.label, aic, holdout, supported, reason });
  }
  return out;
}
