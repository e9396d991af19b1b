/**
 * Convention sensitivity: each exponent as fitted (non-embedding N, C = 6ND, Kaplan et al.'s
 * choice) beside the same law refitted with total N and counted FLOPs (Hoffmann et al.'s), from
 * fits.json `conventions`. A shift as large as the exponent's own interval means the convention,
 * not the data, decides the comparison with a published value.
 */
import { mdTable, num } from '../base/format.ts';
import { MAIN_CONVENTION } from '../fit/index.ts';
import type { FitsData } from '../io/formats/fits-file.ts';

/** One row per exponent fitted both ways: law, exponent, both values, shift, the main fit's CI half-width. */
function shiftRows(fits: FitsData): string[][] {
  const c = fits.conventions;
  if (!c) return [];
  const ciOf = (label: string, param: string) => {
    const f = fits.fits.find((x) => x.label === label);
    return f?.ci[param] ?? f?.derived?.ci[param] ?? null;
  };
  return c.shifts.map((s) => {
    const ci = ciOf(s.label, s.param);
    const half = ci ? (ci[1] - ci[0]) / 2 : null;
    return [s.label, s.param, num(s.main, 4), num(s.alternative, 4), num(s.alternative - s.main, 3), half === null ? '' : num(half, 3)];
  });
}

export function conventionSection(fits: FitsData): string[] {
  const c = fits.conventions;
  const rows = shiftRows(fits);
  if (!c || rows.length === 0) return [];
  return [
    '## Convention sensitivity',
    '',
    `Each exponent as fitted above (${MAIN_CONVENTION}) and refitted on the same runs with ${c.alternative} (point estimates; an IsoFLOP budget's C is the geometric mean of its runs' counted FLOPs). ` +
      'Kaplan et al. (2020) count non-embedding parameters and 6ND, Hoffmann et al. (2022) every parameter and the FLOPs of attention and the LM head; at toy sizes embeddings are most of the parameters. ' +
      'A shift comparable to the interval\'s half-width means the convention decides the comparison with a published value (fits.json conventions).',
    '',
    mdTable(['law', 'exponent', MAIN_CONVENTION, c.alternative, 'shift', '95% CI half-width'], rows),
    '',
  ];
}

/** For results/README.md: the same table for every sweep, one block, sweeps without a refit named. */
export function conventionIndexSection(sweeps: readonly { name: string; fits: FitsData }[]): string[] {
  const rows = sweeps.flatMap((s) => shiftRows(s.fits).map((r) => [s.name, ...r]));
  const missing = sweeps.filter((s) => shiftRows(s.fits).length === 0).map((s) => s.name);
  if (rows.length === 0) return [];
  return [
    '## Convention sensitivity',
    '',
    `Each sweep's exponents as fitted (${MAIN_CONVENTION}) and refitted on the same runs with total N and counted FLOPs (point estimates), with the shift and the fitted interval's half-width for scale (each sweep's fits.json conventions). ` +
      'Kaplan et al. (2020), Hoffmann et al. (2022) and Porian et al. (2024) each chose differently; a shift as large as the interval means the convention, not the data, decides a comparison with a published value.' +
      (missing.length > 0 ? ` No refit for: ${missing.join(', ')}.` : ''),
    '',
    mdTable(['sweep', 'law', 'exponent', MAIN_CONVENTION, 'total N, counted FLOPs', 'shift', '95% CI half-width'], rows),
    '',
  ];
}
