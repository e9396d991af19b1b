/**
 * For results/README.md: each sweep <name> beside its baseline <name>-untuned (the same design,
 * one learning rate for every size, one seed), quantity by quantity, with the difference and its
 * bootstrap interval (what `toyscale compare results/<name>-untuned results/<name>` prints), and
 * design point by design point: the tuned runs' loss against the untuned control's at each (N, D)
 * both trained, so a tuned learning rate that loses to the untuned one shows where it does.
 */
import { interval, mdTable, num } from '../base/format.ts';
import type { ReportInputs } from './inputs.ts';
import { asMatchedRun, compareAtMatchedPoints, designPointLabel } from './matched-points.ts';
import { compareSweeps, type SweepFits } from './sweep-compare.ts';

const SUFFIX = '-untuned';

interface Pair {
  untuned: ReportInputs;
  tuned: ReportInputs;
}

export function tunedVsUntunedSection(all: readonly ReportInputs[]): string[] {
  const byName = new Map(all.map((s) => [s.name, s]));
  const pairs: Pair[] = all
    .filter((s) => s.name.endsWith(SUFFIX) && byName.has(s.name.slice(0, -SUFFIX.length)))
    .map((untuned) => ({ untuned, tuned: byName.get(untuned.name.slice(0, -SUFFIX.length)) as ReportInputs }));
  if (pairs.length === 0) return [];
  return [...fittedQuantities(pairs), ...designPoints(pairs)];
}

function fittedQuantities(pairs: readonly Pair[]): string[] {
  const rows = pairs.flatMap(({ untuned, tuned }) => {
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

/** What the per-point comparison reads of a sweep: its name and runs.csv rows. */
export type SweepRuns = Pick<ReportInputs, 'name'> & { runs: readonly { raw: Readonly<Record<string, string>> }[] };

/** Per pair: the tuned runs against the untuned control at every design point both trained. */
export function designPoints(pairs: readonly { untuned: SweepRuns; tuned: SweepRuns }[]): string[] {
  const blocks = pairs.flatMap(({ untuned, tuned }) => {
    const m = compareAtMatchedPoints(
      untuned.runs.map((r) => asMatchedRun(r.raw)),
      tuned.runs.map((r) => asMatchedRun(r.raw)),
    );
    if (!m) return [`**${tuned.name}**: no design point in common with ${untuned.name} (the designs differ).`, ''];
    const lower = m.points.filter((p) => p.diff < 0).length;
    const lrs = lrByPoint(tuned);
    const rows = m.points.map((p) => [p.label, lrs.get(p.label) ?? '', meanCell(p.a), meanCell(p.b), num(p.diff, 3)]);
    return [
      `**${tuned.name}** against ${untuned.name}: the tuned runs are lower at ${lower} of ${m.points.length} shared design points; mean difference ${num(m.meanDiff, 3)} nats ${interval(m.ci)} (${num(100 * m.meanRelDiff, 2)}% of the untuned loss; paired bootstrap over points, then seeds).`,
      '',
      mdTable(['design point', 'tuned LR', 'untuned loss', 'tuned loss (mean over seeds)', 'tuned − untuned'], rows),
      '',
    ];
  });
  return [
    '### At each design point',
    '',
    'Final held-out loss of the tuned sweep (mean over its seeds) against the untuned control (3e-3, seed 0) at each target (N, D) or (N, budget) both trained, runs in the regime only (`toyscale compare results/<sweep>-untuned results/<sweep>` prints the same).',
    '',
    ...blocks,
  ];
}

function meanCell(xs: readonly number[]): string {
  return num(xs.reduce((s, x) => s + x, 0) / xs.length, 4);
}

/** The learning rate(s) the tuned sweep trained each design point at, keyed as matched-points labels it. */
function lrByPoint(s: SweepRuns): Map<string, string> {
  const out = new Map<string, Set<string>>();
  for (const { raw } of s.runs) {
    const label = designPointLabel(asMatchedRun(raw));
    const set = out.get(label) ?? new Set<string>();
    set.add(num(Number(raw.learning_rate), 3));
    out.set(label, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].join(', ')]));
}

function seedsOf(s: ReportInputs): number {
  return new Set(s.runs.filter((r) => r.status === 'done').map((r) => r.raw.seed)).size;
}

function asSweepFits(s: ReportInputs): SweepFits {
  const first = s.runs.find((r) => r.status === 'done');
  return { name: s.name, task: first?.task || null, family: first?.family || null, fits: s.fits };
}
