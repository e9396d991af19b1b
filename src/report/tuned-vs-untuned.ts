/**
 * For results/README.md: each sweep <name> beside its baseline <name>-untuned (the same design,
 * one learning rate for every size, one seed), quantity by quantity, with the difference and its
 * bootstrap interval (what `toyscale compare results/<name>-untuned results/<name>` prints).
 */
import { interval, mdTable, num } from '../base/format.ts';
import type { ReportInputs } from './inputs.ts';
import { compareSweeps, type SweepFits } from './sweep-compare.ts';

const SUFFIX = '-untuned';

export function tunedVsUntunedSection(all: readonly ReportInputs[]): string[] {
  const byName = new Map(all.map((s) => [s.name, s]));
  const pairs = all.filter((s) => s.name.endsWith(SUFFIX) && byName.has(s.name.slice(0, -SUFFIX.length)));
  if (pairs.length === 0) return [];
  const rows = pairs.flatMap((untuned) => {
    const tuned = byName.get(untuned.name.slice(0, -SUFFIX.length)) as ReportInputs;
    return compareSweeps([asSweepFits(untuned), asSweepFits(tuned)]).flatMap((q) => {
      const [before, after] = q.values;
      const d = q.differences[0];
      if (!before || !after || !d) return [];
      const shown = (v: typeof before) => (v.flags.length > 0 ? 'not determined' : `${num(v.value)} ${interval(v.ci)}`);
      const diff = d.verdict.startsWith('not comparable') || d.verdict.startsWith('uninformative: the interval says') ? '' : `${num(d.diff, 3)} ${interval(d.ci)}`;
      return [[`${tuned.name} (${seedsOf(tuned)} seeds)`, q.symbol, q.label, shown(before), shown(after), diff, d.verdict]];
    });
  });
  return [
    '## Tuned learning rate and several seeds against the untuned baseline',
    '',
    'Each sweep retrained with its learning rate tuned per size and several seeds (its report says how), beside `<sweep>-untuned`: the same design trained with 3e-3 for every size and seed 0, no tune stage. ' +
      'The difference is tuned − untuned, with the 95% interval of the bootstrap draws both fits.json files keep (`toyscale compare results/<sweep>-untuned results/<sweep>`).',
    '',
    mdTable(['sweep', 'quantity', 'law', 'untuned', 'tuned', 'difference', 'verdict'], rows),
    '',
  ];
}

function seedsOf(s: ReportInputs): number {
  return new Set(s.runs.filter((r) => r.status === 'done').map((r) => r.raw.seed)).size;
}

function asSweepFits(s: ReportInputs): SweepFits {
  const first = s.runs.find((r) => r.status === 'done');
  return { name: s.name, task: first?.task || null, family: first?.family || null, fits: s.fits };
}
