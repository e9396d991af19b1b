/**
 * Hold-out errors: each law refitted without its largest N (or C) and asked to predict it. The
 * one test of a scaling law that matters to a user, who will extrapolate it.
 */
import type { FitRecord } from '../io/formats/fits-file.ts';
import { mdTable, num } from '../base/format.ts';

export function holdoutTable(fits: readonly FitRecord[]): string {
  const rows = fits.map((f) => {
    const h = f.holdout;
    if (!h) return [f.label, '', '', '', '', 'no hold-out recorded'];
    const held = Number.isFinite(h.value) ? `largest ${h.axis} = ${num(h.value)}` : 'largest size';
    const err = h.relError === null ? '' : `${(100 * h.relError).toFixed(2)}%`;
    const max = h.maxRelError === null || h.maxRelError === undefined ? '' : `${(100 * h.maxRelError).toFixed(2)}%`;
    const pts = h.trainPoints !== undefined && h.heldOutPoints !== undefined ? `${h.trainPoints} / ${h.heldOutPoints}` : '';
    return [f.label, held, h.quantity, pts, err && max ? `${err} (max ${max})` : err, h.note ?? ''];
  });
  return mdTable(['law', 'held out', 'predicted quantity', 'fit / held-out points', 'mean rel. error', 'note'], rows);
}
