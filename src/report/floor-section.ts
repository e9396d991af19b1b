/** Fitted irreducible loss against the floor the task knows (Markov entropy rate, teacher noise). */
import type { FitRecord } from '../io/formats/fits-file.ts';
import { lossFloor } from './floor.ts';
import { interval, mdTable, num } from '../base/format.ts';
import type { RunRow } from './rows.ts';

export function floorSection(runs: readonly RunRow[], fits: readonly FitRecord[]): string[] {
  const floor = lossFloor(runs);
  if (!floor) return [];
  const withE = fits.filter((f) => f.params.E !== undefined);
  const rows = withE.map((f) => {
    const ci = f.ci.E ?? null;
    const covers = ci ? (ci[0] <= floor.value && floor.value <= ci[1] ? 'yes' : 'no') : '';
    return [f.label, num(f.params.E), interval(ci), num(f.params.E - floor.value, 3), covers, `fits.csv: law=${f.label}, param=E`];
  });
  return [
    '## Irreducible loss against the known floor',
    '',
    `This task knows its floor: the ${floor.label} is ${num(floor.value)} (runs.csv ${floor.column}). A law's E estimates it.`,
    '',
    rows.length > 0 ? mdTable(['law', 'fitted E', '95% CI', 'E − floor', 'CI covers floor', 'source'], rows) : 'No law with an irreducible term E was fitted.',
    '',
  ];
}
