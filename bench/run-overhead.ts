/**
 * Where a sweep run's time goes: each run of an experiment (default: experiments/default.ts) is
 * trained once in its own process, as a sweep's worker trains it, and timed phase by phase
 * (bench/run-overhead-child.ts): process and tsx start-up, imports, wasm start-up, data load, model
 * set-up, training steps, evaluations, curve and summary writes, and process exit (the rest of the
 * wall time the parent sees). The phases before training also show their CPU seconds (the whole
 * process), which a busy machine inflates far less than their wall time. Writes only to a
 * temporary folder.
 *   node --import tsx bench/run-overhead.ts [experiment.ts] [--smallest]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { textTable } from '../src/base/format.ts';
import { loadDataset } from '../src/data/load.ts';
import { dataShapeOf } from '../src/plan/describe-data.ts';
import { loadSpec } from '../src/spec/load-spec.ts';
import { planSweep } from '../src/plan/plan.ts';
import { relaxedSimdExecArgv } from '../src/wasm-kernels/kernel-build.ts';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'experiments/default.ts';
const spec = await loadSpec(file);
const plan = planSweep(spec, dataShapeOf(await loadDataset(spec.task)));
const runs = [...plan].sort((a, b) => a.counts.nNonembed - b.counts.nNonembed);
const chosen = args.includes('--smallest') ? runs.slice(0, 1) : runs;
const child = fileURLToPath(new URL('./run-overhead-child.ts', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-overhead-'));

interface ChildReport {
  phases: Record<string, number>;
  /** CPU seconds of the phases before training. */
  cpu: Record<string, number>;
  device: string;
  steps: number;
  evalPoints: number;
}

const columns: string[] = [];
const rows: string[][] = [];
try {
  for (const run of chosen) {
    const dir = path.join(tmp, run.runId);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(run));
    const started = performance.now();
    const out = spawnSync(process.execPath, [...relaxedSimdExecArgv(), '--import', 'tsx', child, path.join(dir, 'config.json'), dir], { encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (out.status !== 0) throw new Error(`run ${run.runId} failed: ${out.stderr.trim().split('\n').pop()}`);
    const report = JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildReport;
    const inside = Object.values(report.phases).reduce((s, x) => s + x, 0);
    const phases: Record<string, number> = { ...report.phases, 'process exit and spawn (rest of wall)': wall - inside };
    if (columns.length === 0) columns.push(...Object.keys(phases));
    const cell = (c: string) => `${phases[c].toFixed(2)} (${((100 * phases[c]) / wall).toFixed(0)}%)${c in report.cpu ? `, cpu ${report.cpu[c].toFixed(2)}` : ''}`;
    rows.push([`${run.counts.nNonembed} (${report.steps} steps)`, wall.toFixed(2), ...columns.map(cell)]);
    process.stderr.write(`${run.runId}: ${wall.toFixed(2)} s\n`);
    if (rows.length === 1) console.log(`device: ${report.device}; ${report.evalPoints} evaluations a run; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
// One row per phase, one column per run: the phases read top to bottom in the order they happen.
const header = ['phase (seconds, share of wall, CPU seconds)', ...rows.map((r) => `N = ${r[0]}`)];
const body = [['wall', ...rows.map((r) => r[1])], ...columns.map((c, i) => [c, ...rows.map((r) => r[i + 2])])];
console.log(textTable(header, body));
