/**
 * Report: report.md from what collect and fit wrote (runs.csv, fits.csv, sweep.json). It reads
 * only those files, so every figure it prints can be traced to a CSV row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../cli/user-error.ts';
import { duration, sci } from '../cli/format.ts';
import { readJson, writeFileAtomic } from '../io/atomic-write.ts';
import { readCsv } from '../io/csv.ts';

interface SweepMetaFile {
  name?: string;
  backend?: string;
  device?: string;
  workers?: number;
  startedAt?: string;
  wallSeconds?: number;
}

export function writeReport(sweepDir: string): string {
  const runsFile = path.join(sweepDir, 'runs.csv');
  if (!fs.existsSync(runsFile)) throw new UserError(`${sweepDir}: no runs.csv (run toyscale collect ${sweepDir} first)`);
  const runs = readCsv(runsFile);
  const fitsFile = path.join(sweepDir, 'fits.csv');
  const fits = fs.existsSync(fitsFile) ? readCsv(fitsFile) : [];
  const metaFile = path.join(sweepDir, 'sweep.json');
  const meta = fs.existsSync(metaFile) ? readJson<SweepMetaFile>(metaFile) : {};
  const out = path.join(sweepDir, 'report.md');
  writeFileAtomic(out, renderReport(path.basename(sweepDir), runs, fits, meta));
  return out;
}

export function renderReport(name: string, runs: Record<string, string>[], fits: Record<string, string>[], meta: SweepMetaFile): string {
  const done = runs.filter((r) => r.status === 'done');
  const backends = unique(runs.map((r) => r.backend).filter(Boolean));
  const devices = unique(runs.map((r) => r.device).filter(Boolean));
  const lines = [
    `# Sweep ${meta.name ?? name}`,
    '',
    `- Runs: ${runs.length} (${done.length} done, ${runs.filter((r) => r.status === 'diverged').length} diverged, ${runs.filter((r) => r.status === 'failed').length} failed)`,
    `- Backend: ${backends.join(', ') || 'unknown'}; device: ${devices.join(', ') || 'unknown'}`,
    meta.startedAt ? `- Started: ${meta.startedAt}${meta.wallSeconds !== undefined ? `; wall time ${duration(meta.wallSeconds)} with ${meta.workers ?? '?'} worker(s)` : ''}` : '',
    `- Sources: runs.csv (one row per run), curves.csv (every logged point), fits.csv / fits.json (fitted laws).`,
    '',
    '## Runs',
    '',
    '| run_id | N (non-emb) | params | D (tokens) | epochs | final eval loss | best eval loss | status | seconds | tokens/s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) =>
      `| ${r.run_id} | ${num(r.n_nonembed)} | ${num(r.n_params)} | ${num(r.tokens)} | ${num(r.epochs)} | ${num(r.final_eval_loss)} | ${num(r.best_eval_loss)} | ${r.status} | ${num(r.seconds)} | ${num(r.tokens_per_s)} |`,
    ),
    '',
    '## Fits',
    '',
  ];
  if (fits.length === 0) {
    lines.push('No law could be fitted to these runs (see `toyscale fit` for why).');
  } else {
    const columns = Object.keys(fits[0]);
    lines.push(`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
    for (const row of fits) lines.push(`| ${columns.map((c) => num(row[c])).join(' | ')} |`);
  }
  lines.push('');
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}

function num(cell: string | undefined): string {
  if (cell === undefined || cell === '') return '';
  const n = Number(cell);
  return Number.isFinite(n) && /^[-+0-9.eE]+$/.test(cell) ? sci(n, 4) : cell;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
