/** The tune stage in words and one table: what the grid found per size and what the sweep trained at. */
import { mdTable, num } from '../base/format.ts';
import type { ReportInputs } from './inputs.ts';
import type { TunedLrFile } from '../io/formats/tuned-lr-file.ts';

export function tuneSection(inputs: ReportInputs): string[] {
  const tuned = inputs.tuned;
  if (!tuned) return [];
  const grid = tuned.sizes[0]?.losses.map((l) => l.learningRate) ?? [];
  const horizons = Array.isArray(tuned.tokens) && tuned.tokens.length > 1 ? tuned.tokens : null;
  const rows = tuned.sizes.map((s) => [
    num(s.n, 3),
    ...(horizons ? [num(s.d ?? null, 3)] : []),
    ...s.losses.map((l) => (l.loss === null ? 'diverged' : l.learningRate === s.gridBest ? `**${num(l.loss, 4)}**` : num(l.loss, 4))),
    num(s.learningRate, 3),
    s.method === 'vertex' ? 'parabola vertex' : s.method === 'edge' ? 'grid end (not determined beyond it)' : 'grid minimum (no convex parabola)',
  ]);
  const onEdges = tuned.law !== null && tuned.law.sizes.some((n) => tuned.sizes.find((s) => s.n === n)?.method === 'edge');
  const kD = tuned.law?.dExponent;
  const law = tuned.law
    ? `The power law${onEdges ? ' (not determined: fitted on grid-end values, which only bound the optimum)' : ''} through ${tuned.law.sizes.length} of them is ${kD === undefined ? 'lr(N)' : 'lr(N, D)'} = ${num(tuned.law.c, 4)}·N^${num(tuned.law.exponent, 3)}${kD === undefined ? '' : `·D^${num(kD, 3)}`}` +
      (tuned.use === 'power-law' ? ', and each main-sweep size trained at it (clamped to the grid).' : '; each main-sweep size trained at its own tuned value.')
    : 'No lr(N) law could be fitted; each size trained at its own tuned value.';
  return [
    '## Learning rate, tuned per size',
    '',
    `Before the main runs, a tune stage trained each size below at ${grid.length} learning rates, log-spaced ${num(grid[0], 3)}–${num(grid[grid.length - 1], 3)}, ${horizons ? `at ${horizons.length} horizons (${horizons.map((d) => num(d, 3)).join(', ')} tokens per run)` : `on ${num(Array.isArray(tuned.tokens) ? tuned.tokens[0] : tuned.tokens, 3)} tokens each`} ` +
      `(tune/runs.csv); the cells are final held-out losses (mean over tune seeds; **bold**: the grid's best). ` +
      `A parabola in log LR through the best point and its neighbours gives each size's tuned LR. ${law} ` +
      (horizons
        ? 'The law carries each LR to the main runs\' own D; beyond the longest horizon it extrapolates.'
        : 'The tune budget is shorter than the main runs\', and the best LR of a short run is usually somewhat higher than of a long one: read these LRs as tuned for the tune budget.'),
    '',
    ...batchLines(tuned),
    mdTable(['N (target)', ...(horizons ? ['D (horizon)'] : []), ...grid.map((lr) => `lr ${num(lr, 3)}`), 'tuned LR', 'how'], rows),
    '',
    `Trained at: ${tuned.trainedAt.map((t) => `N = ${num(t.n, 3)}${t.d === undefined ? '' : `, D = ${num(t.d, 3)}`}: ${num(t.learningRate, 3)}`).join('; ')} (tuned-lr.json trainedAt; runs.csv learning_rate).`,
    '',
    ...(tuned.warnings.length > 0 ? ['Warnings from the tune stage:', '', ...tuned.warnings.map((w) => `- ${w}`), ''] : []),
  ];
}

/** With tune.batchSizes: which batch size the main runs train at, and each candidate's score. */
function batchLines(tuned: TunedLrFile): string[] {
  if (!tuned.batch) return [];
  const scores = tuned.batch.candidates.map((c) => `${c.batchSize}: ${c.meanBestLoss === null ? 'could not be tuned' : num(c.meanBestLoss, 4)}`).join(', ');
  return [
    `Every grid point also trained at each of ${tuned.batch.candidates.length} batch sizes, at the same tokens. The mean over the cells below of each batch size's lowest loss is ${scores}; the main runs train at batch size ${tuned.batch.chosen}, and the table and law are its.`,
    '',
  ];
}
