/**
 * Hold-out as a prediction test: each law refitted without its largest N (or C, budget) and asked
 * to predict it; whether the observation lies in the refit's bootstrap prediction interval (95%;
 * approach 2's N_opt 99%), and whether the law beats a naive predictor. The one test of a scaling
 * law that matters to a user, who will extrapolate it.
 */
import type { FitRecord } from '../io/formats/fits-file.ts';
import { mdTable, num } from '../base/format.ts';

export function holdoutTable(fits: readonly FitRecord[]): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const rows = fits.map((f) => {
    const h = f.holdout;
    if (!h) return [f.label, '', '', '', '', '', '', 'no hold-out recorded'];
    const held = Number.isFinite(h.value) ? `largest ${h.axis} = ${num(h.value)}` : 'largest size';
    const err = h.relError === null ? '' : pct(h.relError);
    const max = h.maxRelError === null || h.maxRelError === undefined ? '' : pct(h.maxRelError);
    const pts = h.trainPoints !== undefined && h.heldOutPoints !== undefined ? `${h.trainPoints} / ${h.heldOutPoints}` : '';
    const pi = h.interval ? `${num(h.interval.observed)} in [${num(h.interval.low)}, ${num(h.interval.high)}]: ${h.interval.inside ? 'inside' : '**outside**'}` : '';
    const naive = h.naive ? `${pct(h.naive.relError)} (${h.naive.how})${h.naive.lawRelError >= h.naive.relError ? ': **not beaten**' : ''}` : '';
    return [f.label, held, h.quantity, pts, err && max ? `${err} (max ${max})` : err, pi, naive, `${h.refitFailed ? '**refit failed**: ' : ''}${h.note ?? ''}`];
  });
  return mdTable(['law', 'held out', 'predicted quantity', 'fit / held-out points', 'mean rel. error', 'observed in prediction interval', 'naive predictor error', 'note'], rows);
}
