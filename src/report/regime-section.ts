/**
 * Runs outside the regime a law describes: collect marks a done run `short` (too few optimizer
 * steps to have followed its schedule) or `plateau` (final loss still near the unigram entropy),
 * and `toyscale fit` leaves them out unless asked (--keep-out-of-regime). The report lists them,
 * so a reader sees which runs the fitted values do not rest on, and why.
 */
import { mdTable, num } from '../base/format.ts';
import { MIN_FIT_STEPS, PLATEAU_FRACTION } from '../plan/regime.ts';
import type { RunRow } from './rows.ts';

export function regimeSection(runs: readonly RunRow[]): string[] {
  const outside = runs.filter((r) => r.status === 'done' && (r.raw.regime ?? '') !== '');
  if (outside.length === 0) return [];
  const rows = outside.map((r) => [String(r.row), r.run_id, num(r.n_nonembed, 3), num(r.tokens, 3), r.raw.steps ?? '', num(r.final_eval_loss, 4), r.raw.regime, r.raw.regime_reason ?? '']);
  return [
    '## Runs left out of the fits',
    '',
    `${outside.length} finished run(s) are outside the regime the laws describe, and the fits above leave them out (runs.csv columns regime, regime_reason): ` +
      `short runs trained fewer than ${MIN_FIT_STEPS} optimizer steps; plateau runs ended within ${100 * PLATEAU_FRACTION}% of the unigram entropy, where a character-level model has learned only letter frequencies. ` +
      '`toyscale fit --keep-out-of-regime` fits them too.',
    '',
    mdTable(['row', 'run', 'N', 'D', 'steps', 'final loss', 'regime', 'why'], rows),
    '',
  ];
}
