/**
 * The report's account of which fitted values to trust: each law's trust flags (src/fit/trust.ts)
 * in words, and for nested laws (kaplan-n vs kaplan-n+E …) the one the data support.
 */
import type { FitsData } from '../io/formats/fits-file.ts';

export function trustSection(fits: FitsData): string[] {
  const flagged = fits.fits.filter((f) => f.flags.length > 0);
  const lines: string[] = ['## Which values to trust', ''];
  lines.push(
    'A value is *not determined* when a trust flag applies to it: a parameter at its bound (E → 0) or whose interval reaches it, an estimate outside or on the edge of its own 95% interval, an exact fit or fewer than 3 degrees of freedom, a hold-out error above 10%, or a bootstrap in which more than 10% of resamples failed (fits.json `flags`; fits.csv `flags`).',
    '',
  );
  if (flagged.length === 0) lines.push('No value of any fit is flagged.', '');
  else lines.push(...flagged.flatMap((f) => f.flags.map((g) => `- ${f.label}${g.param ? ` (${g.param})` : ''}: ${g.message}`)), '');
  if (fits.nested.length > 0) {
    lines.push('Nested laws, fitted to the same runs: the one the data support (by hold-out error, else AIC on log residuals; fits.json `nested`).', '');
    lines.push(...fits.nested.map((n) => `- ${n.simple} vs ${n.extended}: ${n.supported ?? 'cannot tell'} (${n.reason})`), '');
  }
  return lines;
}
