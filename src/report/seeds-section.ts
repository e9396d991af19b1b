/**
 * The spread between seeds, per design point: what one run's loss would have been worth alone.
 * Shown only when some point was trained with more than one seed.
 */
import { mdTable, num } from '../base/format.ts';
import { SETTING_COLUMNS } from '../io/formats/columns.ts';
import { doneRuns, type RunRow } from './rows.ts';


export function seedsSection(runs: readonly RunRow[]): string[] {
  const evalNoise = evalNoiseSentence(runs);
  const groups = new Map<string, number[]>();
  const ses = new Map<string, number[]>();
  const points = new Map<string, { n: number; d: number; lr: string }>();
  for (const r of doneRuns(runs)) {
    const key = [r.n_nonembed, r.tokens, ...SETTING_COLUMNS.map((c) => r.raw[c] ?? '')].join('|');
    groups.set(key, [...(groups.get(key) ?? []), r.final_eval_loss]);
    const se = Number(r.raw.eval_loss_se ?? '');
    if (r.raw.eval_loss_se && Number.isFinite(se)) ses.set(key, [...(ses.get(key) ?? []), se]);
    points.set(key, { n: r.n_nonembed, d: r.tokens, lr: r.raw.learning_rate ?? '' });
  }
  const replicated = [...groups].filter(([, losses]) => losses.length > 1);
  if (replicated.length === 0) return evalNoise ? ['## Evaluation noise', '', evalNoise, ''] : [];
  const rows = replicated.map(([key, losses]) => {
    const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
    const sd = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (losses.length - 1));
    const p = points.get(key)!;
    const se = ses.get(key);
    const evalSe = se && se.length > 0 ? num(se.reduce((a, b) => a + b, 0) / se.length, 2) : '';
    return { cells: [num(p.n, 3), num(p.d, 3), p.lr, String(losses.length), num(mean, 5), num(sd, 2), evalSe, `${num(Math.min(...losses), 5)}–${num(Math.max(...losses), 5)}`, `${num((100 * sd) / mean, 2)}%`], rel: sd / mean };
  });
  const rels = rows.map((r) => r.rel).sort((a, b) => a - b);
  const median = rels[Math.floor((rels.length - 1) / 2)];
  return [
    '## Spread between seeds',
    '',
    `${replicated.length} design point(s) were trained with several seeds (a seed sets the initial weights and the order of training batches; the held-out data are the same). ` +
      `The fits use every seed's run as a point, and their bootstrap draws points and then seeds within each drawn point, so the intervals above include this spread. ` +
      `Median seed-to-seed standard deviation: ${num(100 * median, 2)}% of the loss.` +
      (evalNoise ? ` ${evalNoise}` : ''),
    '',
    mdTable(['N', 'D', 'lr', 'seeds', 'mean loss', 'sd', 'eval se', 'range', 'sd / mean'], rows.map((r) => r.cells)),
    '',
  ];
}

/**
 * The held-out set's own noise (runs.csv eval_loss_se: the standard error of a run's final loss
 * over its evaluation batches), in one sentence; null when no run recorded it.
 */
function evalNoiseSentence(runs: readonly RunRow[]): string | null {
  const rel = doneRuns(runs)
    .map((r) => Number(r.raw.eval_loss_se ?? '') / r.final_eval_loss)
    .filter((x) => Number.isFinite(x) && x > 0)
    .sort((a, b) => a - b);
  if (rel.length === 0) return null;
  const median = rel[Math.floor((rel.length - 1) / 2)];
  return `The evaluation's own standard error (runs.csv eval_loss_se, over its held-out batches; the same held-out tokens for every run) is a median ${num(100 * median, 2)}% of the loss: how far a run's loss may sit from its loss on unlimited held-out text of the same kind. Every run is evaluated on the same tokens, so this noise moves runs largely together; the seed spread is what separates them.`;
}
