/**
 * Convention sensitivity: each exponent as fitted (non-embedding N, C = 6ND, Kaplan et al.'s
 * choice) beside the same law refitted with total N and counted FLOPs (Hoffmann et al.'s), from
 * fits.json `conventions`. A shift as large as the exponent's own interval means the convention,
 * not the data, decides the comparison with a published value.
 */
import { mdTable, num } from '../base/format.ts';
import { MAIN_CONVENTION } from '../fit/index.ts';
import type { FitsData } from '../io/formats/fits-file.ts';

export function conventionSection(fits: FitsData): string[] {
  const c = fits.conventions;
  if (!c || c.shifts.length === 0) return [];
  const ciOf = (label: string, param: string) => {
    const f = fits.fits.find((x) => x.label === label);
    return f?.ci[param] ?? f?.derived?.ci[param] ?? null;
  };
  const rows = c.shifts.map((s) => {
    const ci = ciOf(s.label, s.param);
    const half = ci ? (ci[1] - ci[0]) / 2 : null;
    return [s.label, s.param, num(s.main, 4), num(s.alternative, 4), num(s.alternative - s.main, 3), half === null ? '' : num(half, 3)];
  });
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
