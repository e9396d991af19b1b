/**
 * `toyscale compare <sweepDir|fits.json> <sweepDir|fits.json> [...]`: the fitted quantities of two
 * or more sweeps side by side, each difference from the first sweep with its bootstrap interval and
 * a verdict, and a faceted figure. Reads fits.json (and runs.csv for the task); never refits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PUBLISHED } from '../fit/index.ts';
import { readCsv } from '../io/csv.ts';
import { ensureDir, writeFileAtomic } from '../io/atomic-write.ts';
import { readFitsJsonFile } from '../io/sweep-files.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import { SOURCES } from '../report/compare.ts';
import type { FitsData } from '../io/formats/fits-file.ts';
import { interval, num } from '../base/format.ts';
import { isSkipped } from '../report/plots/figure.ts';
import { compareFigure } from '../report/plots/compare-figure.ts';
import { renderSvg, svgToPng } from '../report/plots/render.ts';
import { compareSweeps, taskMismatch, type QuantityComparison, type SweepFits } from '../report/sweep-compare.ts';
import { parseCommandArgs } from './args.ts';
import { asMatchedRun, compareAtMatchedPoints, type MatchedComparison, type MatchedRun } from '../report/matched-points.ts';
import { textTable } from '../base/format.ts';
import { UserError } from '../base/user-error.ts';

export const compareHelp = `Usage: toyscale compare <sweepDir|fits.json> <sweepDir|fits.json> [...] [options]

For every quantity (α_N, α_D, α_C, a, b, E, α, β …) that the same law estimated in the first sweep
and in another: both values with their 95% intervals, the difference with its own 95% bootstrap
interval (from the draws fits.json keeps), and a verdict: consistent (both values determined and
the interval contains 0), differ (by how much), uninformative (a value's interval is flagged
uninformative, or the difference's 95% interval is wider than the values themselves), or not
comparable (another trust flag says a value is not determined). Writes a
figure with one panel per quantity, one mark per sweep, and the published values as lines.

Where two sweep folders trained the same design points (target N and D, or N and budget), compare
also gives the loss difference at each shared point (mean over seeds, done runs in the regime a
law describes) and its mean over the points, with a paired bootstrap interval (points, then seeds
within each): at matched (N, D), is the other sweep's loss lower than the first's?

Options:
  --out <dir>               where to write compare.svg and compare.png (default: .)
  --no-plot                 do not draw the figure
  --allow-different-tasks   compare sweeps of different tasks (GPT on text vs an MLP teacher…)
                            anyway; refused by default, since their exponents describe different problems
  --json                    print one JSON object (rows, verdicts, task check) and nothing else
  -h, --help                this text`;

export async function compareCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('compare', argv, {
    out: { type: 'string' },
    'no-plot': { type: 'boolean' },
    'allow-different-tasks': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return void process.stdout.write(`${compareHelp}\n`);
  if (positionals.length < 2) throw new UserError('compare: give two or more sweep folders or fits.json files (see toyscale compare --help)');
  const sweeps = uniqueNames(positionals.map(loadSweep));
  const mismatch = taskMismatch(sweeps);
  if (mismatch && !values['allow-different-tasks']) throw new UserError(`compare: ${mismatch}; add --allow-different-tasks to compare them anyway`);
  const rows = compareSweeps(sweeps);
  const names = sweeps.map((s) => s.name);
  const matched = matchedComparisons(sweeps);
  let figure: { svg: string; png: string; caption: string } | null = null;
  if (!values['no-plot'] && rows.length > 0) {
    const plan = compareFigure(rows, names);
    if (!isSkipped(plan)) {
      const dir = values.out ?? '.';
      ensureDir(dir);
      const svg = await renderSvg(plan.spec);
      const png = await svgToPng(svg);
      figure = { svg: path.join(dir, 'compare.svg'), png: path.join(dir, 'compare.png'), caption: plan.caption };
      writeFileAtomic(figure.svg, svg);
      writeFileAtomic(figure.png, png);
    }
  }
  if (values.json) {
    const json = { sweeps: sweeps.map((s) => ({ name: s.name, task: s.task, family: s.family })), differentTasks: mismatch, rows: rows.map(withoutDraws), matched, figure };
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return;
  }
  const out: string[] = [];
  if (mismatch) out.push(`warning: ${mismatch}`, '');
  out.push(rows.length === 0 ? `no quantity was estimated by the same law in ${names[0]} and another sweep` : formatComparison(rows, names));
  out.push(...formatMatched(names[0], matched));
  if (figure) out.push('', `figure → ${figure.png} (and .svg): ${figure.caption.trim()}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** A sweep folder (fits.json or fits.csv, runs.csv for the task) or a bare fits.json file. */
interface LoadedSweep extends SweepFits {
  /** runs.csv's rows, for the comparison at matched design points (empty for a bare fits.json). */
  runs: MatchedRun[];
}

function loadSweep(ref: string): LoadedSweep {
  if (!fs.existsSync(ref)) throw new UserError(`compare: ${ref}: no such file or folder`);
  const isDir = fs.statSync(ref).isDirectory();
  const dir = isDir ? ref : path.dirname(ref);
  const file = isDir ? sweepPaths(ref).fitsJson : ref;
  const read = readFitsJsonFile(file);
  if (read.state === 'missing') throw new UserError(`compare: ${ref}: no fits.json (run toyscale fit ${dir} first)`);
  if (read.state === 'invalid') throw new UserError(`compare: ${read.problem}`);
  const fits: FitsData = read.value;
  if (fits.fits.length === 0) throw new UserError(`compare: ${file}: no fits in this file`);
  const runsFile = sweepPaths(dir).runsCsv;
  const rows = fs.existsSync(runsFile) ? readCsv(runsFile) : [];
  const first = rows.find((r) => r.status === 'done');
  return { name: path.basename(path.resolve(dir)), task: first?.task || null, family: first?.family || null, fits, runs: rows.map(asMatchedRun) };
}

/** Each other sweep against the first at the design points they share (none: not listed). */
function matchedComparisons(sweeps: readonly LoadedSweep[]): { sweep: string; result: MatchedComparison }[] {
  return sweeps.slice(1).flatMap((s) => {
    const result = compareAtMatchedPoints(sweeps[0].runs, s.runs);
    return result ? [{ sweep: s.name, result }] : [];
  });
}

function formatMatched(first: string, matched: readonly { sweep: string; result: MatchedComparison }[]): string[] {
  return matched.flatMap(({ sweep, result: r }) => {
    const ci = r.ci ? ` [95%: ${num(r.ci[0], 3)}, ${num(r.ci[1], 3)}]` : ' (one shared point: no interval)';
    const verdict = r.ci ? (r.ci[0] > 0 ? `: ${sweep} is worse` : r.ci[1] < 0 ? `: ${sweep} is better` : ': no difference the runs can resolve') : '';
    return [
      '',
      `at matched design points, ${sweep} − ${first}: ${num(r.meanDiff, 3)} nats (${num(100 * r.meanRelDiff, 2)}%) mean over ${r.points.length} shared point(s)${ci}${verdict}`,
      textTable(
        ['point', `${first} (seeds)`, `${sweep} (seeds)`, 'difference'],
        r.points.map((p) => [p.label, `${num(p.a.reduce((x, y) => x + y, 0) / p.a.length, 4)} (${p.a.length})`, `${num(p.b.reduce((x, y) => x + y, 0) / p.b.length, 4)} (${p.b.length})`, num(p.diff, 3)]),
      ),
    ];
  });
}

/** Two folders with the same base name (a/results, b/results) get their position appended. */
function uniqueNames(sweeps: LoadedSweep[]): LoadedSweep[] {
  return sweeps.map((s, i) => (sweeps.filter((t) => t.name === s.name).length > 1 ? { ...s, name: `${s.name}#${i + 1}` } : s));
}

function withoutDraws(r: QuantityComparison) {
  return { ...r, values: r.values.map((v) => (v === null ? null : { sweep: v.sweep, value: v.value, ci: v.ci, flags: v.flags, codes: v.codes, subset: v.subset, draws: v.draws?.length ?? 0 })) };
}

export function formatComparison(rows: readonly QuantityComparison[], names: readonly string[]): string {
  const value = (v: QuantityComparison['values'][number]) => (v === null ? '—' : v.flags.length > 0 ? `not determined (${[...new Set(v.codes)].join(', ')})` : `${num(v.value)} ${interval(v.ci)}`);
  const head = ['quantity', 'law', ...names, ...SOURCES.map((s) => PUBLISHED[s].citation)];
  const body = rows.map((r) => [r.symbol, r.label, ...r.values.map(value), ...SOURCES.map((s) => num(r.published[s]))]);
  const lines = [textTable(head, body), ''];
  for (const r of rows) {
    for (const d of r.differences) {
      const ci = d.ci ? ` [${num(d.ci[0], 3)}, ${num(d.ci[1], 3)}]` : '';
      // A difference involving an undetermined value is not a number to quote.
      const diff = d.verdict.startsWith('not comparable') || d.verdict.startsWith('uninformative: the interval says') ? '' : ` = ${num(d.diff)}${ci}`;
      lines.push(`${r.symbol} (${r.label}): ${d.sweep} − ${names[0]}${diff}: ${d.verdict}`);
    }
  }
  const flagged = rows.flatMap((r) => r.values.flatMap((v) => (v && v.flags.length > 0 ? [`  ${r.symbol} (${r.label}) in ${v.sweep}: ${v.flags.join('; ')}`] : [])));
  if (flagged.length > 0) lines.push('', 'not determined:', ...flagged);
  return lines.join('\n');
}
